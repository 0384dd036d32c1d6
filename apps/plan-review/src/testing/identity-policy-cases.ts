import { addSynthResource, synthResource, type SynthJson } from './fixtures';
import { OUR_ACCOUNT, document, role, policy, identity, grant, addResource } from './policy-documents';
import type { RuleCase } from './rule-cases';

/**
 * Cases for identity policies (what a role, user or group may do) and the managed policies attached to them. Each
 * leak case is a way a careless or hostile change opens a hole; each safe case is the same resource used right.
 */
export const IDENTITY_POLICY_RULE_CASES: RuleCase[] = [
  {
    rule: 'iam-no-admin-policy',
    breakIt: (s) => identity(s, grant('*', '*')),
  },
  {
    rule: 'iam-no-admin-managed-policy',
    breakIt: (s) =>
      (synthResource(s, 'aws_iam_role_policy_attachment', 'api-function/vpc-access').policy_arn =
        'arn:aws:iam::aws:policy/AdministratorAccess'),
  },

  {
    rule: 'iam-no-escalation-wildcard',
    breakIt: (s) => identity(s, grant('iam:Pass*', `arn:aws:iam::${OUR_ACCOUNT}:role/rds-platform-dev-api`)),
  },
  {
    rule: 'iam-no-wildcard-in-arn',
    breakIt: (s) =>
      identity(
        s,
        grant('secretsmanager:GetSecretValue', `arn:aws:secretsmanager:ap-northeast-2:${OUR_ACCOUNT}:secret:*`),
      ),
  },
];

export const IDENTITY_POLICY_LEAK_CASES: RuleCase[] = [
  {
    rule: 'iam-no-escalation-wildcard',
    variant: 'a named escalation action on every resource (iam:PassRole on *)',
    breakIt: (s) =>
      (synthResource(s, 'aws_iam_role_policy', 'api-function/policy').policy = JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }],
      })),
  },
  ...[
    'iam:Put*',
    'iam:Attach*',
    'iam:Create*',
    'iam:Update*',
    'sts:Assume*',
    'lambda:Update*',
    'kms:Create*',
    'secretsmanager:Put*',
  ].map((action) => ({
    rule: 'iam-no-escalation-wildcard',
    variant: action,
    breakIt: (s: SynthJson) => identity(s, grant(action)),
  })),
  {
    rule: 'iam-no-escalation-wildcard',
    variant: 'a customer-managed policy (aws_iam_policy)',
    breakIt: addResource('aws_iam_policy', { name: 'ops', policy: document(grant('iam:Pass*')) }),
  },
  {
    rule: 'iam-no-escalation-wildcard',
    variant: 'an inline_policy block of a role',
    breakIt: (s) => (role(s).inline_policy = [{ name: 'ops', policy: document(grant('iam:Attach*')) }]),
  },
  ...[
    `arn:aws:rds-db:ap-northeast-2:${OUR_ACCOUNT}:dbuser:*/*`,
    `arn:aws:rds-db:ap-northeast-2:${OUR_ACCOUNT}:dbuser:prx-0123456789abcdef/*`,
    'arn:aws:kms:*:*:key/*',
    `arn:aws:iam::${OUR_ACCOUNT}:role/*`,
    `arn:aws:lambda:ap-northeast-2:${OUR_ACCOUNT}:function:*`,
    'arn:aws:secretsmanager:ap-northeast-2:*:secret:rds-platform-dev-app',
  ].map((arn) => ({
    rule: 'iam-no-wildcard-in-arn',
    variant: arn,
    breakIt: (s: SynthJson) => identity(s, grant('secretsmanager:GetSecretValue', arn)),
  })),
  ...['AdministratorAccess', 'PowerUserAccess', 'IAMFullAccess', 'job-function/SystemAdministrator'].map((name) => ({
    rule: 'iam-no-admin-managed-policy',
    variant: name,
    breakIt: (s: SynthJson) => (role(s).managed_policy_arns = [`arn:aws:iam::aws:policy/${name}`]),
  })),
  ...['job-function/SystemAdministrator', 'job-function/ViewOnlyAccess', 'AWSLambda_FullAccess', 'PowerUserAccess'].map(
    (name) => ({
      rule: 'iam-no-broad-managed-policy',
      variant: name,
      breakIt: (s: SynthJson) =>
        (synthResource(s, 'aws_iam_role_policy_attachment', 'credentials/vpc-access').policy_arn =
          `arn:aws:iam::aws:policy/${name}`),
    }),
  ),
  {
    rule: 'iam-no-admin-policy',
    variant: 'iam:* on a role',
    breakIt: (s) => identity(s, grant('iam:*', `arn:aws:iam::${OUR_ACCOUNT}:role/rds-platform-dev-api`)),
  },
  {
    rule: 'iam-no-admin-policy',
    variant: 'NotAction in an Allow',
    breakIt: (s) => identity(s, { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }),
  },
  {
    rule: 'iam-no-admin-policy',
    variant: 'an identity policy that cannot be read',
    breakIt: (s) => (policy(s).policy = '${data.aws_iam_policy_document.ops.json}'),
  },
  {
    rule: 'iam-no-admin-managed-policy',
    variant: 'a policy ARN from a variable (it could be AdministratorAccess)',
    breakIt: (s) =>
      (synthResource(s, 'aws_iam_role_policy_attachment', 'api-function/vpc-access').policy_arn = '${var.policy_arn}'),
  },
];

export const IDENTITY_POLICY_SAFE_CASES: RuleCase[] = [
  {
    rule: 'iam-no-escalation-wildcard',
    variant: 'wildcards that cover no escalation action (xray:Put*, logs:Describe*), and iam:PassRole spelled out',
    breakIt: (s) =>
      identity(
        s,
        grant(['xray:Put*', 'logs:Describe*'], '*'),
        grant('iam:PassRole', '${aws_iam_role.proxy_role_A46D75EC.arn}'),
      ),
  },
  {
    rule: 'iam-no-wildcard-in-arn',
    variant: 'a secret name prefix, a named DB user, log streams, network interfaces and S3 objects',
    breakIt: (s) =>
      identity(
        s,
        grant(
          'secretsmanager:GetSecretValue',
          `arn:aws:secretsmanager:ap-northeast-2:${OUR_ACCOUNT}:secret:rds-platform-dev-app-??????`,
        ),
        grant('rds-db:connect', `arn:aws:rds-db:ap-northeast-2:${OUR_ACCOUNT}:dbuser:prx-0123456789abcdef/app_user`),
        grant(
          'logs:PutLogEvents',
          `arn:aws:logs:ap-northeast-2:${OUR_ACCOUNT}:log-group:/aws/lambda/rds-platform-dev-api:*`,
        ),
        grant('ec2:DeleteNetworkInterface', `arn:aws:ec2:ap-northeast-2:${OUR_ACCOUNT}:network-interface/*`),
        grant('s3:GetObject', 'arn:aws:s3:::rds-platform-dev-assets/*'),
      ),
  },
  {
    rule: 'iam-no-admin-managed-policy',
    variant: 'a narrow service-role policy',
    breakIt: (s) =>
      (role(s).managed_policy_arns = ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']),
  },
  {
    rule: 'iam-no-admin-managed-policy',
    variant: 'a customer-managed policy of this stack, by reference (its document is checked on its own)',
    breakIt: (s) => {
      addSynthResource(s, 'aws_iam_policy', 'ops', {
        name: 'ops',
        policy: document(grant('xray:PutTraceSegments', '*')),
      });
      synthResource(s, 'aws_iam_role_policy_attachment', 'api-function/vpc-access').policy_arn =
        '${aws_iam_policy.ops.arn}';
    },
  },
];
