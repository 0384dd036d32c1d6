import type { ReviewModel } from '../model/types';
import type { Finding, Rule, Severity } from './rule';

// The access matrix of the stack (model/access.ts), as three rules. Each reports on the stack as a whole, when the
// review has the synth the plan was made from; an analysis that could not run fails each of them (fail closed).

const STACK = 'stack';

function accessRule(
  id: string,
  title: string,
  severity: Severity,
  problems: (access: NonNullable<ReviewModel['access']>) => readonly string[],
  what: string,
): Rule {
  return {
    id,
    title,
    severity,
    peers: { checkov: [], trivy: [] },
    appliesTo: ['every IAM role, key, topic, queue, function and endpoint policy (the synth beside the plan)'],
    check(model): Finding[] {
      const { access } = model;
      if (!access || access.notApplicable) return [];
      if (access.error) {
        return [
          {
            ruleId: id,
            address: STACK,
            passed: false,
            message: `the access analysis could not read the stack: ${access.error}`,
          },
        ];
      }
      const found = problems(access);
      if (found.length === 0) {
        return [{ ruleId: id, address: STACK, passed: true, message: `${access.evaluated} requests evaluated: ok` }];
      }
      return found.map((problem) => ({ ruleId: id, address: STACK, passed: false, message: `${what}: ${problem}` }));
    },
  };
}

export const accessRules: Rule[] = [
  accessRule(
    'access-runtime-requests-allowed',
    'Every request the system makes at runtime is allowed (evaluated by an IAM engine with the context AWS sends)',
    'high',
    (access) => access.refusedRuntimeRequests,
    'a runtime request would be refused',
  ),
  accessRule(
    'access-least-privilege',
    'What least privilege forbids each workload, and every runtime request from another account, is denied',
    'critical',
    (access) => access.allowedForbiddenRequests,
    'allowed, but must not be',
  ),
  accessRule(
    'access-reach-declared',
    'Each protected asset (secrets, database, function code, alert path) is reached only by its declared roles, escalation paths included',
    'critical',
    (access) => access.undeclaredReach,
    'undeclared reach',
  ),
];
