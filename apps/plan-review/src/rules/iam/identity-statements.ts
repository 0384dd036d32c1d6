import { label } from '../../model/lookup';
import { identityPolicies, type IdentityPolicy, type PolicyStatement } from '../../model/policies';
import type { ReviewModel } from '../../model/types';
import { defineRule, finding, type Finding, type Rule, type RuleDefinition } from '../rule';

/** Everything that carries an identity policy (see identityPolicies): the statement rules look at these. */
export const IDENTITY_POLICY_TYPES = [
  'aws_iam_role_policy',
  'aws_iam_policy',
  'aws_iam_role',
  'aws_iam_user_policy',
  'aws_iam_group_policy',
];

interface StatementRule extends Omit<RuleDefinition, 'check' | 'appliesTo'> {
  /** Returns the problem with one Allow statement, or undefined when it is fine. */
  problem(statement: PolicyStatement): string | undefined;
}

/** One finding per identity policy: its unreadable-document problem, or the problems of its Allow statements. */
export function perAllowStatement({ problem, ...identity }: StatementRule): Rule {
  const { id } = identity;
  return defineRule({
    ...identity,
    appliesTo: IDENTITY_POLICY_TYPES,
    check: (model: ReviewModel): Finding[] =>
      identityPolicies(model).map((policy: IdentityPolicy) => {
        if (policy.problem) return finding(id, policy.resource, `${label(policy.resource)}: ${policy.problem}`);
        const problems = policy.statements
          .filter((statement) => statement.effect === 'Allow')
          .map(problem)
          .filter(Boolean);
        return finding(
          id,
          policy.resource,
          problems.length ? `${label(policy.resource)} ${problems.join('; ')}` : undefined,
        );
      }),
  });
}
