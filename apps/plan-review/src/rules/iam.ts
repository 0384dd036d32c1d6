import { label } from '../model/lookup';
import {
  actionMatches,
  identityPolicies,
  managedPolicyAttachments,
  type IdentityPolicy,
  type PolicyStatement,
} from '../model/policies';
import type { ReviewModel } from '../model/types';
import { finding, type Finding, type Rule } from './rule';

/**
 * Actions that support no resource-level permission, so `Resource: "*"` is the only thing IAM accepts
 * (Service Authorization Reference: the "Resource types" column is empty for each).
 */
export const ACTIONS_WITHOUT_RESOURCES = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
  'ec2:DescribeSubnets',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeVpcs',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'secretsmanager:GetRandomPassword',
  'cloudwatch:PutMetricData',
  'logs:DescribeLogGroups',
];

/** AWS-managed policies that grant a whole service or more. */
const BROAD_MANAGED_POLICY =
  /^arn:aws[\w-]*:iam::aws:policy\/(.*\/)?([\w-]*FullAccess[\w-]*|[\w-]*ReadWrite[\w-]*|AdministratorAccess|PowerUserAccess)$/;

export const iamRules: Rule[] = [
  {
    id: 'iam-no-wildcard-action',
    title: 'Identity policies grant no `*` or `service:*` action (and no NotAction)',
    appliesTo: ['aws_iam_role_policy', 'aws_iam_policy', 'aws_iam_role', 'aws_iam_user_policy', 'aws_iam_group_policy'],
    check: (model) =>
      eachPolicy(model, 'iam-no-wildcard-action', (statement) => {
        if (statement.notActions.length) return `allows NotAction ${statement.notActions.join(', ')}`;
        const wild = statement.actions.filter((action) => action === '*' || action.endsWith(':*'));
        return wild.length ? `allows ${wild.join(', ')}` : undefined;
      }),
  },
  {
    id: 'iam-no-wildcard-resource',
    title: 'Identity policies grant `Resource: "*"` only for actions that have no resource (documented allow-list)',
    appliesTo: ['aws_iam_role_policy', 'aws_iam_policy', 'aws_iam_role', 'aws_iam_user_policy', 'aws_iam_group_policy'],
    check: (model) =>
      eachPolicy(model, 'iam-no-wildcard-resource', (statement) => {
        if (statement.notResources.length) return `uses NotResource ${statement.notResources.join(', ')}`;
        if (!statement.resources.includes('*')) return undefined;
        const scoped = statement.actions.filter(
          (action) => !ACTIONS_WITHOUT_RESOURCES.some((free) => actionMatches(free, action) && !action.includes('*'))
        );
        return scoped.length ? `allows ${scoped.join(', ')} on Resource "*"` : undefined;
      }),
  },
  {
    id: 'iam-no-broad-managed-policy',
    title: 'No AWS-managed *FullAccess / *ReadWrite / admin policy is attached',
    appliesTo: [
      'aws_iam_role_policy_attachment',
      'aws_iam_policy_attachment',
      'aws_iam_role',
      'aws_iam_user_policy_attachment',
      'aws_iam_group_policy_attachment',
    ],
    check: (model) =>
      managedPolicyAttachments(model).map((attachment) =>
        finding(
          'iam-no-broad-managed-policy',
          attachment.resource,
          BROAD_MANAGED_POLICY.test(attachment.policyArn)
            ? `${label(attachment.resource)} attaches ${attachment.policyArn}`
            : undefined
        )
      ),
  },
];

function eachPolicy(
  model: ReviewModel,
  ruleId: string,
  problemOf: (statement: PolicyStatement) => string | undefined
): Finding[] {
  return identityPolicies(model).map((policy: IdentityPolicy) => {
    if (policy.problem) return finding(ruleId, policy.resource, `${label(policy.resource)}: ${policy.problem}`);
    const problems = policy.statements
      .filter((statement) => statement.effect === 'Allow')
      .map(problemOf)
      .filter(Boolean);
    return finding(
      ruleId,
      policy.resource,
      problems.length ? `${label(policy.resource)} ${problems.join('; ')}` : undefined
    );
  });
}
