import { label } from '../../model/lookup';
import type { PolicyStatement, Principal } from '../../model/policies';
import {
  hasConcreteCondition,
  RESOURCE_POLICY_TYPES,
  resourcePolicies,
  type ResourcePolicy,
} from '../../model/resource-policies';
import type { ReviewModel } from '../../model/types';
import {
  currentContext,
  defineRule,
  finding,
  type Finding,
  type Rule,
  type RuleContext,
  type RuleDefinition,
} from '../rule';

/**
 * Services that assume a role for the account's own workloads and do not send `aws:SourceAccount` /
 * `aws:SourceArn` with the AssumeRole call, so a condition on them would only break the role. Every other service
 * principal in a trust policy must carry one (https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html).
 */
export const SERVICES_WITHOUT_SOURCE_KEYS = ['lambda.amazonaws.com', 'edgelambda.amazonaws.com', 'ec2.amazonaws.com'];

export const GITHUB_SUBJECT = 'token.actions.githubusercontent.com:sub';

export const SOURCE_KEYS = ['aws:SourceAccount', 'aws:SourceArn', 'aws:SourceOrgID', 'aws:SourceOrgPaths'];

/** Condition keys tested with concrete values (see hasConcreteCondition). */
export function keysTested(statement: PolicyStatement): string[] {
  const keys = Object.values(statement.conditions).flatMap((tested) => Object.keys(tested));
  return keys.filter((key) => hasConcreteCondition(statement, [key]));
}

export function names(principals: readonly Principal[]): string {
  return principals.map((principal) => principal.value).join(', ');
}

interface StatementRule extends Omit<RuleDefinition, 'check' | 'appliesTo'> {
  /** Role trust policies only. */
  readonly trustsOnly?: boolean;
  /** Returns the problem with one Allow statement, or undefined when it is fine. */
  problem(
    statement: PolicyStatement,
    policy: ResourcePolicy,
    model: ReviewModel,
    context: RuleContext,
  ): string | undefined;
}

/**
 * One finding per resource policy: a document the review cannot read fails (it may hide exactly what the rule
 * looks for), otherwise the problems of its Allow statements.
 */
export function perAllowStatement({ problem, trustsOnly, ...identity }: StatementRule): Rule {
  return defineRule({
    ...identity,
    appliesTo: trustsOnly ? ['aws_iam_role'] : RESOURCE_POLICY_TYPES,
    check: (model, context = currentContext()): Finding[] =>
      resourcePolicies(model)
        .filter((policy) => !trustsOnly || policy.trust)
        .map((policy) => {
          const where = `${label(policy.resource)} (${policy.attribute})`;
          if (policy.problem) return finding(identity.id, policy.resource, `${where}: ${policy.problem}`);
          const problems = policy.statements
            .filter((statement) => statement.effect === 'Allow')
            .map((statement) => problem(statement, policy, model, context))
            .filter(Boolean);
          return finding(identity.id, policy.resource, problems.length ? `${where} ${problems.join('; ')}` : undefined);
        }),
  });
}
