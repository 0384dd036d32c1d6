import { defineCases } from '../../testing/cases';
import type { SynthJson } from '../../testing/fixtures';
import { grant, identity, OUR_ACCOUNT } from './fixture-edits';
import { iamNoWildcardInArn } from './iam-no-wildcard-in-arn';

export default defineCases({
  rule: iamNoWildcardInArn,
  failing: [
    `arn:aws:secretsmanager:ap-northeast-2:${OUR_ACCOUNT}:secret:*`,
    `arn:aws:rds-db:ap-northeast-2:${OUR_ACCOUNT}:dbuser:*/*`,
    `arn:aws:rds-db:ap-northeast-2:${OUR_ACCOUNT}:dbuser:prx-0123456789abcdef/*`,
    'arn:aws:kms:*:*:key/*',
    `arn:aws:iam::${OUR_ACCOUNT}:role/*`,
    `arn:aws:lambda:ap-northeast-2:${OUR_ACCOUNT}:function:*`,
    'arn:aws:secretsmanager:ap-northeast-2:*:secret:rds-platform-dev-app',
  ].map((arn) => ({
    variant: arn,
    change: (s: SynthJson) => identity(s, grant('secretsmanager:GetSecretValue', arn)),
  })),
  passing: [
    {
      variant: 'a secret name prefix, a named DB user, log streams, network interfaces and S3 objects',
      change: (s) =>
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
  ],
});
