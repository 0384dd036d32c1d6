import { defineCases } from '../../testing/cases';
import { dynamicInlinePolicy, grant, identity, OUR_ACCOUNT, policy } from './fixture-edits';
import { iamNoAdminPolicy } from './iam-no-admin-policy';

const API_ROLE_ARN = `arn:aws:iam::${OUR_ACCOUNT}:role/rds-platform-dev-api`;

export default defineCases({
  rule: iamNoAdminPolicy,
  failing: [
    { variant: '* on *', change: (s) => identity(s, grant('*', '*')) },
    { variant: 'iam:* on a role', change: (s) => identity(s, grant('iam:*', API_ROLE_ARN)) },
    {
      variant: 'NotAction in an Allow',
      change: (s) => identity(s, { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }),
    },
    {
      variant: 'an identity policy that cannot be read',
      change: (s) => (policy(s).policy = '${data.aws_iam_policy_document.ops.json}'),
    },
    {
      variant: 'a dynamic "inline_policy" block on a role (its policy is known only at apply)',
      change: dynamicInlinePolicy,
    },
  ],
  passing: [
    {
      variant: 'an IAM action spelled out on a role of the stack (iam:PassRole)',
      change: (s) => identity(s, grant('iam:PassRole', '${aws_iam_role.proxy_role_A46D75EC.arn}')),
    },
  ],
});
