import { defineCases } from '../../testing/cases';
import { dynamicInlinePolicy, grant, identity } from './fixture-edits';
import { iamNoWildcardAction } from './iam-no-wildcard-action';

export default defineCases({
  rule: iamNoWildcardAction,
  failing: [
    {
      variant: 'secretsmanager:* on the app secret',
      change: (s) => identity(s, grant('secretsmanager:*')),
    },
    {
      variant: 'a dynamic "inline_policy" block on a role (its policy is known only at apply)',
      change: dynamicInlinePolicy,
    },
  ],
  passing: [
    {
      // A wildcard inside an action name is not the whole service (iam-no-escalation-wildcard judges what it covers).
      variant: 'the actions spelled out, and a wildcard within an action name (logs:Describe*)',
      change: (s) =>
        identity(s, grant(['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret']), grant('logs:Describe*')),
    },
  ],
});
