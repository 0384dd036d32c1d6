import { type SynthJson } from './fixtures';
import {
  FOREIGN_ACCOUNT,
  OUR_ACCOUNT,
  document,
  allow,
  role,
  trust,
  key,
  invokePermission,
  addResource,
  githubTrust,
  AUDIENCE,
  secretPolicy,
} from './policy-documents';
import type { RuleCase } from './rule-cases';

/**
 * Cases for resource-based policies (who may act on a resource or assume a role) and Lambda permissions. Each leak
 * case is a way a careless or hostile change opens a hole; each safe case is the same resource used right.
 */
export const RESOURCE_POLICY_RULE_CASES: RuleCase[] = [
  {
    rule: 'resource-policy-no-public-principal',
    breakIt: (s) => trust(s, allow({ AWS: '*' }, 'sts:AssumeRole')),
  },
  {
    rule: 'resource-policy-no-foreign-account',
    breakIt: (s) => trust(s, allow({ AWS: `arn:aws:iam::${FOREIGN_ACCOUNT}:root` }, 'sts:AssumeRole')),
  },
  {
    rule: 'trust-service-confused-deputy',
    breakIt: (s) =>
      (role(s, 'proxy/role').assume_role_policy = document(allow({ Service: 'rds.amazonaws.com' }, 'sts:AssumeRole'))),
  },
  {
    rule: 'trust-federated-subject',
    breakIt: (s) => githubTrust(s, { StringEquals: AUDIENCE }),
  },
];

export const RESOURCE_POLICY_LEAK_CASES: RuleCase[] = [
  {
    rule: 'trust-federated-subject',
    variant: 'a GitHub OIDC trust without any condition',
    breakIt: (s) => githubTrust(s),
  },
  {
    rule: 'trust-federated-subject',
    variant: 'a GitHub OIDC trust for repo:* (every repository on GitHub)',
    breakIt: (s) =>
      githubTrust(s, {
        StringEquals: AUDIENCE,
        StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:*' },
      }),
  },
  {
    rule: 'resource-policy-no-public-principal',
    variant: 'Principal * with a negated condition (everyone but one account)',
    breakIt: secretPolicy(
      allow('*', 'secretsmanager:GetSecretValue', {
        Condition: { StringNotEquals: { 'aws:PrincipalAccount': OUR_ACCOUNT } },
      }),
    ),
  },
  {
    rule: 'resource-policy-no-public-principal',
    variant: 'Principal * narrowed only by ForAllValues (true when the key is missing)',
    breakIt: secretPolicy(
      allow('*', 'secretsmanager:GetSecretValue', {
        Condition: { 'ForAllValues:StringEquals': { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
      }),
    ),
  },
  {
    rule: 'resource-policy-no-public-principal',
    variant: 'Principal * narrowed by an aws:SourceArn of any account',
    breakIt: secretPolicy(
      allow('*', 'secretsmanager:GetSecretValue', { Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:*:*' } } }),
    ),
  },
  {
    rule: 'resource-policy-no-foreign-account',
    variant: 'Principal * narrowed to another account',
    breakIt: secretPolicy(
      allow('*', 'secretsmanager:GetSecretValue', {
        Condition: { StringEquals: { 'aws:PrincipalAccount': FOREIGN_ACCOUNT } },
      }),
    ),
  },
  {
    rule: 'lambda-permission-source-arn',
    variant: 'a principal from a variable',
    breakIt: (s) => (invokePermission(s).principal = '${var.invoker}'),
  },
  ...[
    ['Principal "*"', '*'],
    ['Principal {"AWS": ["*"]}', { AWS: ['*'] }],
    ['arn:aws:iam::*:root', { AWS: 'arn:aws:iam::*:root' }],
  ].map(([variant, principal]) => ({
    rule: 'resource-policy-no-public-principal',
    variant: `a role trust with ${String(variant)}`,
    breakIt: (s: SynthJson) => trust(s, allow(principal, 'sts:AssumeRole')),
  })),
  {
    rule: 'resource-policy-no-public-principal',
    variant: 'a KMS key policy with Principal * and kms:*',
    breakIt: (s) => (key(s).policy = document(allow({ AWS: '*' }, 'kms:*'))),
  },
  {
    rule: 'resource-policy-no-public-principal',
    variant: 'a secret resource policy with Principal *',
    breakIt: secretPolicy(allow('*', 'secretsmanager:GetSecretValue')),
  },
  {
    rule: 'resource-policy-no-public-principal',
    variant: 'an SNS topic policy whose condition on aws:SourceAccount is a wildcard',
    breakIt: addResource('aws_sns_topic_policy', {
      arn: '${aws_sns_topic.monitoring_topic_631C3BE1.arn}',
      policy: document(allow('*', 'sns:Publish', { Condition: { StringLike: { 'aws:SourceAccount': '*' } } })),
    }),
  },
  {
    rule: 'resource-policy-no-public-principal',
    variant: 'an SQS queue policy narrowed only by an ...IfExists condition',
    breakIt: addResource('aws_sqs_queue_policy', {
      queue_url: 'https://sqs.ap-northeast-2.amazonaws.com/123456789012/jobs',
      policy: document(
        allow('*', 'sqs:SendMessage', { Condition: { StringEqualsIfExists: { 'aws:SourceAccount': OUR_ACCOUNT } } }),
      ),
    }),
  },
  {
    rule: 'resource-policy-no-public-principal',
    variant: 'an S3 bucket policy with NotPrincipal in an Allow',
    breakIt: addResource('aws_s3_bucket_policy', {
      bucket: 'state',
      policy: document({
        Effect: 'Allow',
        NotPrincipal: { AWS: `arn:aws:iam::${OUR_ACCOUNT}:root` },
        Action: 's3:GetObject',
        Resource: '*',
      }),
    }),
  },
  {
    rule: 'resource-policy-no-public-principal',
    variant: 'a principal from a variable (it could be "*")',
    breakIt: (s) => trust(s, allow({ AWS: '${var.trusted_principal}' }, 'sts:AssumeRole')),
  },
  {
    rule: 'resource-policy-no-public-principal',
    variant: 'a principal read from a parameter value of this stack',
    breakIt: secretPolicy(allow({ AWS: '${aws_ssm_parameter.reader.value}' }, 'secretsmanager:GetSecretValue')),
  },
  {
    rule: 'resource-policy-no-public-principal',
    variant: 'a trust policy built by ${jsonencode(...)} with values known only at apply',
    breakIt: (s) => (role(s).assume_role_policy = '${jsonencode({"Statement" = [{"Principal" = {"AWS" = var.who}}]})}'),
  },
  {
    rule: 'resource-policy-no-public-principal',
    variant: 'a key policy that is not valid JSON',
    breakIt: (s) => (key(s).policy = '{"Statement": [{"Effect": "Allow", "Principal": "*"'),
  },
  {
    rule: 'resource-policy-no-public-principal',
    variant: 'a statement made by an expression',
    breakIt: (s) => (key(s).policy = JSON.stringify({ Statement: ['${local.statement}'] })),
  },
  {
    rule: 'resource-policy-no-foreign-account',
    variant: 'a key policy granting another account by its bare id',
    breakIt: (s) => (key(s).policy = document(allow({ AWS: FOREIGN_ACCOUNT }, 'kms:Decrypt'))),
  },
  {
    rule: 'resource-policy-no-foreign-account',
    variant: 'a secret policy granting a role of another account, even with an ExternalId (only trusts use it)',
    breakIt: secretPolicy(
      allow({ AWS: `arn:aws:iam::${FOREIGN_ACCOUNT}:role/reader` }, 'secretsmanager:GetSecretValue', {
        Condition: { StringEquals: { 'sts:ExternalId': 'partner' } },
      }),
    ),
  },
  {
    rule: 'trust-service-confused-deputy',
    variant: 'a service trust whose aws:SourceAccount is tested only if it exists',
    breakIt: (s) =>
      (role(s, 'network/flow-log-role').assume_role_policy = document(
        allow({ Service: 'vpc-flow-logs.amazonaws.com' }, 'sts:AssumeRole', {
          Condition: { StringEqualsIfExists: { 'aws:SourceAccount': OUR_ACCOUNT } },
        }),
      )),
  },
  {
    rule: 'lambda-permission-source-arn',
    variant: 'principal *',
    breakIt: (s) => (invokePermission(s).principal = '*'),
  },
  {
    rule: 'lambda-permission-source-arn',
    variant: 'an account principal with neither source_arn nor source_account',
    breakIt: (s) => Object.assign(invokePermission(s), { principal: OUR_ACCOUNT, source_arn: undefined }),
  },
  {
    rule: 'lambda-permission-source-arn',
    variant: 'an account not in review-config.json',
    breakIt: (s) => Object.assign(invokePermission(s), { principal: FOREIGN_ACCOUNT, source_account: FOREIGN_ACCOUNT }),
  },
  {
    rule: 'lambda-permission-source-arn',
    variant: 'a permission for a function URL with function_url_auth_type NONE',
    breakIt: (s) =>
      Object.assign(invokePermission(s), {
        action: 'lambda:InvokeFunctionUrl',
        principal: OUR_ACCOUNT,
        source_account: OUR_ACCOUNT,
        function_url_auth_type: 'NONE',
      }),
  },
  {
    rule: 'resource-policy-no-public-principal',
    variant: 'a CloudWatch Logs resource policy with Principal *',
    breakIt: addResource('aws_cloudwatch_log_resource_policy', {
      policy_name: 'everyone',
      policy_document: document(allow('*', 'logs:PutLogEvents')),
    }),
  },
];

export const RESOURCE_POLICY_SAFE_CASES: RuleCase[] = [
  {
    rule: 'trust-federated-subject',
    variant: 'a GitHub OIDC trust for one repository and its pull requests',
    breakIt: (s) =>
      githubTrust(s, {
        StringEquals: AUDIENCE,
        StringLike: { 'token.actions.githubusercontent.com:sub': ['repo:acme/rds-platform:pull_request'] },
      }),
  },
  {
    rule: 'resource-policy-no-foreign-account',
    variant: 'a service statement narrowed to our account by aws:SourceAccount and aws:SourceArn',
    breakIt: secretPolicy(
      allow({ Service: 'events.amazonaws.com' }, 'secretsmanager:GetSecretValue', {
        Condition: {
          StringEquals: { 'aws:SourceAccount': OUR_ACCOUNT },
          ArnLike: { 'aws:SourceArn': `arn:aws:events:ap-northeast-2:${OUR_ACCOUNT}:rule/rdsp-dev-*` },
        },
      }),
    ),
  },
  {
    rule: 'resource-policy-no-public-principal',
    variant: 'Principal * narrowed to our account, and a Deny for everyone (our endpoint and topic policies)',
    breakIt: addResource('aws_vpc_endpoint_policy', {
      vpc_endpoint_id: 'vpce-0123',
      policy: document(
        allow('*', 'secretsmanager:GetSecretValue', {
          Condition: { StringEquals: { 'aws:PrincipalAccount': OUR_ACCOUNT } },
        }),
        {
          Effect: 'Deny',
          Principal: '*',
          Action: '*',
          Resource: '*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ),
    }),
  },
  {
    rule: 'resource-policy-no-public-principal',
    variant: 'principals that are roles of this stack, by reference',
    breakIt: secretPolicy(
      allow({ AWS: '${aws_iam_role.api-function_role_99402C8A.arn}' }, 'secretsmanager:GetSecretValue'),
    ),
  },
  {
    rule: 'resource-policy-no-foreign-account',
    variant: 'a trust from another account with an sts:ExternalId',
    breakIt: (s) =>
      trust(
        s,
        allow({ AWS: `arn:aws:iam::${FOREIGN_ACCOUNT}:root` }, 'sts:AssumeRole', {
          Condition: { StringEquals: { 'sts:ExternalId': 'partner-7f3a' } },
        }),
      ),
  },
  {
    rule: 'resource-policy-no-foreign-account',
    variant: 'our own account by id and by root ARN',
    breakIt: (s) =>
      (key(s).policy = document(allow({ AWS: [OUR_ACCOUNT, `arn:aws:iam::${OUR_ACCOUNT}:root`] }, 'kms:*'))),
  },
  {
    rule: 'trust-service-confused-deputy',
    variant: 'a Lambda execution role (Lambda sends no source keys)',
    breakIt: (s) => trust(s, allow({ Service: 'lambda.amazonaws.com' }, 'sts:AssumeRole')),
  },
  {
    rule: 'lambda-permission-source-arn',
    variant: 'our account with a source_account, and a function URL permission with AWS_IAM',
    breakIt: (s) =>
      Object.assign(invokePermission(s), {
        action: 'lambda:InvokeFunctionUrl',
        principal: OUR_ACCOUNT,
        source_arn: undefined,
        source_account: OUR_ACCOUNT,
        function_url_auth_type: 'AWS_IAM',
      }),
  },
  {
    rule: 'lambda-permission-source-arn',
    variant: 'principal * narrowed to our organisation by principal_org_id',
    breakIt: (s) => Object.assign(invokePermission(s), { principal: '*', principal_org_id: 'o-a1b2c3d4e5' }),
  },
  {
    rule: 'lambda-permission-source-arn',
    variant: 'a role of this stack as the principal, by reference',
    breakIt: (s) =>
      Object.assign(invokePermission(s), {
        principal: '${aws_iam_role.proxy_role_A46D75EC.arn}',
        source_arn: undefined,
      }),
  },
];
