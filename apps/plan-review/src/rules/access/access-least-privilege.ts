import { accessRule, POLICY_EVALUATION_DOCS } from './access-rule';

export const accessLeastPrivilege = accessRule({
  id: 'access-least-privilege',
  title: 'What least privilege forbids each workload, and every runtime request from another account, is denied',
  severity: 'critical',
  description:
    'Least privilege grants each workload only the permissions its task needs: the API reads its application ' +
    'secret, never the master secret; the rotation writes the secret it rotates; nothing else may change the ' +
    "functions' code. The access matrix evaluates, as AWS would, the requests each role of this " +
    'architecture must not be able to make, and every runtime request sent from another account (which AWS allows ' +
    'only when both the identity policy in that account and the resource policy here allow it); each one allowed ' +
    'fails, named.',
  remediation:
    'Remove or scope down the statement that allows the named request (its action, resource or condition), or the ' +
    'resource policy that lets the other account in.',
  docs: [...POLICY_EVALUATION_DOCS, 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html'],
  problems: (access) => access.allowedForbiddenRequests,
  what: 'allowed, but must not be',
});
