import { defineCases } from '../../testing/cases';
import {
  aliasedProvider,
  allow,
  document,
  FOREIGN_ACCOUNT,
  key,
  OUR_ACCOUNT,
  secretPolicy,
  trust,
} from './fixture-edits';
import { resourcePolicyNoForeignAccount } from './resource-policy-no-foreign-account';

/** An account only an aliased provider pins: not one of the stack's own. */
const OTHER_ACCOUNT = '999999999999';

export default defineCases({
  rule: resourcePolicyNoForeignAccount,
  failing: [
    {
      variant: 'a role trust to the root of another account',
      change: (s) => trust(s, allow({ AWS: `arn:aws:iam::${FOREIGN_ACCOUNT}:root` }, 'sts:AssumeRole')),
    },
    {
      variant: 'Principal * narrowed to another account',
      change: secretPolicy(
        allow('*', 'secretsmanager:GetSecretValue', {
          Condition: { StringEquals: { 'aws:PrincipalAccount': FOREIGN_ACCOUNT } },
        }),
      ),
    },
    {
      variant: 'a key policy granting another account by its bare id',
      change: (s) => (key(s).policy = document(allow({ AWS: FOREIGN_ACCOUNT }, 'kms:Decrypt'))),
    },
    {
      variant: 'a secret policy granting a role of another account, even with an ExternalId (only trusts use it)',
      change: secretPolicy(
        allow({ AWS: `arn:aws:iam::${FOREIGN_ACCOUNT}:role/reader` }, 'secretsmanager:GetSecretValue', {
          Condition: { StringEquals: { 'sts:ExternalId': 'partner' } },
        }),
      ),
    },
    {
      variant: 'a trust to an account that only an aliased provider allows',
      change: (s) => {
        aliasedProvider(OTHER_ACCOUNT)(s);
        trust(s, allow({ AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }, 'sts:AssumeRole'));
      },
    },
    {
      variant: 'a secret policy for an account that only an aliased provider allows (in its `//` comment)',
      change: (s) => {
        s['provider'].aws.push({ alias: 'other', region: 'us-east-1', '//': { allowed_account_ids: [OTHER_ACCOUNT] } });
        secretPolicy(allow({ AWS: OTHER_ACCOUNT }, 'secretsmanager:GetSecretValue'))(s);
      },
    },
  ],
  passing: [
    {
      variant: 'a service statement narrowed to our account by aws:SourceAccount and aws:SourceArn',
      change: secretPolicy(
        allow({ Service: 'events.amazonaws.com' }, 'secretsmanager:GetSecretValue', {
          Condition: {
            StringEquals: { 'aws:SourceAccount': OUR_ACCOUNT },
            ArnLike: { 'aws:SourceArn': `arn:aws:events:ap-northeast-2:${OUR_ACCOUNT}:rule/rdsp-dev-*` },
          },
        }),
      ),
    },
    {
      variant: 'a trust from another account with an sts:ExternalId',
      change: (s) =>
        trust(
          s,
          allow({ AWS: `arn:aws:iam::${FOREIGN_ACCOUNT}:root` }, 'sts:AssumeRole', {
            Condition: { StringEquals: { 'sts:ExternalId': 'partner-7f3a' } },
          }),
        ),
    },
    {
      variant: 'our own account by id and by root ARN',
      change: (s) =>
        (key(s).policy = document(allow({ AWS: [OUR_ACCOUNT, `arn:aws:iam::${OUR_ACCOUNT}:root`] }, 'kms:*'))),
    },
    {
      variant: 'an aliased provider beside the default one, and a trust to our own account',
      change: (s) => {
        aliasedProvider(OTHER_ACCOUNT)(s);
        trust(s, allow({ AWS: `arn:aws:iam::${OUR_ACCOUNT}:root` }, 'sts:AssumeRole'));
      },
    },
  ],
});
