import { accessRule, POLICY_EVALUATION_DOCS } from './access-rule';

export const accessRuntimeRequestsAllowed = accessRule({
  id: 'access-runtime-requests-allowed',
  title: 'Every request the system makes at runtime is allowed (evaluated by an IAM engine with the context AWS sends)',
  severity: 'medium',
  description:
    'AWS denies every request no policy allows, and an explicit deny anywhere (an identity policy, a resource ' +
    'policy such as a key policy or a VPC endpoint policy) overrides any allow. A change that tightens one policy can ' +
    'so refuse a request the system depends on: the rotation writing the new secret version, the API reading its ' +
    'secret through the endpoint, the alarms publishing to the alerts topic. The access matrix evaluates every runtime ' +
    'request of this architecture, with the principal, resource and request context AWS sends, against every policy ' +
    'of the synth; each one refused fails, named. A refusal breaks a guard (rotation, alerting) or the service rather ' +
    'than opening anything, hence medium.',
  remediation:
    'Restore the permission the named request needs, scoped to its resource, in the policy the change tightened.',
  docs: POLICY_EVALUATION_DOCS,
  problems: (access) => access.refusedRuntimeRequests,
  what: 'a runtime request would be refused',
});
