import { defineCases } from '../../testing/cases';
import type { SynthJson } from '../../testing/fixtures';
import { addResource, allow, document, key, narrowedBy, OUR_ACCOUNT, role, secretPolicy, trust } from './fixture-edits';
import { resourcePolicyNoPublicPrincipal } from './resource-policy-no-public-principal';

export default defineCases({
  rule: resourcePolicyNoPublicPrincipal,
  failing: [
    { variant: 'a role trust with {"AWS": "*"}', change: (s) => trust(s, allow({ AWS: '*' }, 'sts:AssumeRole')) },
    {
      variant: 'Principal * with a negated condition (everyone but one account)',
      change: secretPolicy(
        allow('*', 'secretsmanager:GetSecretValue', {
          Condition: { StringNotEquals: { 'aws:PrincipalAccount': OUR_ACCOUNT } },
        }),
      ),
    },
    {
      variant: 'Principal * narrowed only by ForAllValues (true when the key is missing)',
      change: secretPolicy(
        allow('*', 'secretsmanager:GetSecretValue', {
          Condition: { 'ForAllValues:StringEquals': { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
        }),
      ),
    },
    {
      variant: 'Principal * narrowed by an aws:SourceArn of any account',
      change: secretPolicy(
        allow('*', 'secretsmanager:GetSecretValue', {
          Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:*:*' } },
        }),
      ),
    },
    ...[
      ['Principal "*"', '*'],
      ['Principal {"AWS": ["*"]}', { AWS: ['*'] }],
      ['arn:aws:iam::*:root', { AWS: 'arn:aws:iam::*:root' }],
    ].map(([variant, principal]) => ({
      variant: `a role trust with ${String(variant)}`,
      change: (s: SynthJson) => trust(s, allow(principal, 'sts:AssumeRole')),
    })),
    {
      variant: 'a KMS key policy with Principal * and kms:*',
      change: (s) => (key(s).policy = document(allow({ AWS: '*' }, 'kms:*'))),
    },
    {
      variant: 'a secret resource policy with Principal *',
      change: secretPolicy(allow('*', 'secretsmanager:GetSecretValue')),
    },
    {
      variant: 'an SNS topic policy whose condition on aws:SourceAccount is a wildcard',
      change: addResource('aws_sns_topic_policy', {
        arn: '${aws_sns_topic.monitoring_topic_631C3BE1.arn}',
        policy: document(allow('*', 'sns:Publish', { Condition: { StringLike: { 'aws:SourceAccount': '*' } } })),
      }),
    },
    {
      variant: 'an SQS queue policy narrowed only by an ...IfExists condition',
      change: addResource('aws_sqs_queue_policy', {
        queue_url: 'https://sqs.ap-northeast-2.amazonaws.com/123456789012/jobs',
        policy: document(
          allow('*', 'sqs:SendMessage', { Condition: { StringEqualsIfExists: { 'aws:SourceAccount': OUR_ACCOUNT } } }),
        ),
      }),
    },
    {
      variant: 'an S3 bucket policy with NotPrincipal in an Allow',
      change: addResource('aws_s3_bucket_policy', {
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
      variant: 'a principal from a variable (it could be "*")',
      change: (s) => trust(s, allow({ AWS: '${var.trusted_principal}' }, 'sts:AssumeRole')),
    },
    {
      variant: 'a principal read from a parameter value of this stack',
      change: secretPolicy(allow({ AWS: '${aws_ssm_parameter.reader.value}' }, 'secretsmanager:GetSecretValue')),
    },
    {
      variant: 'a trust policy built by ${jsonencode(...)} with values known only at apply',
      change: (s) =>
        (role(s).assume_role_policy = '${jsonencode({"Statement" = [{"Principal" = {"AWS" = var.who}}]})}'),
    },
    {
      variant: 'a key policy that is not valid JSON',
      change: (s) => (key(s).policy = '{"Statement": [{"Effect": "Allow", "Principal": "*"'),
    },
    {
      variant: 'a statement made by an expression',
      change: (s) => (key(s).policy = JSON.stringify({ Statement: ['${local.statement}'] })),
    },
    {
      variant: 'a CloudWatch Logs resource policy with Principal *',
      change: addResource('aws_cloudwatch_log_resource_policy', {
        policy_name: 'everyone',
        policy_document: document(allow('*', 'logs:PutLogEvents')),
      }),
    },
    {
      variant: 'Principal * narrowed by StringLike aws:PrincipalOrgID "o-*" (every organisation)',
      change: narrowedBy('StringLike', 'aws:PrincipalOrgID', 'o-*'),
    },
    {
      variant: 'Principal * narrowed by StringLike aws:PrincipalAccount "1234?6789012"',
      change: narrowedBy('StringLike', 'aws:PrincipalAccount', '1234?6789012'),
    },
    {
      variant: 'Principal * narrowed by StringLike aws:PrincipalOrgPaths "o-*/r-ab12/*"',
      change: narrowedBy('StringLike', 'aws:PrincipalOrgPaths', 'o-*/r-ab12/*'),
    },
  ],
  passing: [
    {
      variant: 'Principal * narrowed to our account, and a Deny for everyone (our endpoint and topic policies)',
      change: addResource('aws_vpc_endpoint_policy', {
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
      variant: 'principals that are roles of this stack, by reference',
      change: secretPolicy(
        allow({ AWS: '${aws_iam_role.api-function_role_99402C8A.arn}' }, 'secretsmanager:GetSecretValue'),
      ),
    },
    {
      variant: 'Principal * narrowed by StringEquals aws:PrincipalOrgID to one organisation',
      change: narrowedBy('StringEquals', 'aws:PrincipalOrgID', 'o-a1b2c3d4e5'),
    },
    {
      variant: 'Principal * narrowed by StringLike aws:PrincipalOrgPaths under one named organisation',
      change: narrowedBy('StringLike', 'aws:PrincipalOrgPaths', 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*'),
    },
  ],
});
