import type { ReviewModel } from '../../model/types';
import { defineRule, type Finding, type Rule, type RuleDefinition } from '../rule';

// The access matrix of the stack (model/access.ts), as three rules. Each reports on the stack as a whole, when the
// review has the synth the plan was made from; an analysis that could not run fails each of them (fail closed).

const STACK = 'stack';

/** What one access rule says besides its problems: the fields every rule file writes. */
export type AccessRuleDefinition = Omit<RuleDefinition, 'peers' | 'appliesTo' | 'check'> & {
  /** The findings of the access matrix this rule reports. */
  readonly problems: (access: NonNullable<ReviewModel['access']>) => readonly string[];
  /** What each finding is, before the request or path: `a runtime request would be refused`. */
  readonly what: string;
};

/** The IAM engine's sources: how AWS decides a request, within an account and across accounts. */
export const POLICY_EVALUATION_DOCS = [
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html',
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html',
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html',
];

export function accessRule({ problems, what, ...definition }: AccessRuleDefinition): Rule {
  const { id } = definition;
  return defineRule({
    ...definition,
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
  });
}
