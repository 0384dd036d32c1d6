import { defineCases } from '../../testing/cases';
import { addSynthResource, type SynthJson } from '../../testing/fixtures';
import { document, grant, identity, OUR_ACCOUNT, role } from './fixture-edits';
import { iamNoEscalationWildcard } from './iam-no-escalation-wildcard';

export default defineCases({
  rule: iamNoEscalationWildcard,
  failing: [
    {
      variant: 'iam:Pass* on the API role',
      change: (s) => identity(s, grant('iam:Pass*', `arn:aws:iam::${OUR_ACCOUNT}:role/rds-platform-dev-api`)),
    },
    {
      variant: 'a named escalation action on every resource (iam:PassRole on *)',
      change: (s) => identity(s, { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }),
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
      variant: action,
      change: (s: SynthJson) => identity(s, grant(action)),
    })),
    {
      variant: 'a customer-managed policy (aws_iam_policy)',
      change: (s) =>
        addSynthResource(s, 'aws_iam_policy', 'iam_policy', { name: 'ops', policy: document(grant('iam:Pass*')) }),
    },
    {
      variant: 'an inline_policy block of a role',
      change: (s) => (role(s).inline_policy = [{ name: 'ops', policy: document(grant('iam:Attach*')) }]),
    },
  ],
  passing: [
    {
      variant: 'wildcards that cover no escalation action (xray:Put*, logs:Describe*), and iam:PassRole spelled out',
      change: (s) =>
        identity(
          s,
          grant(['xray:Put*', 'logs:Describe*'], '*'),
          grant('iam:PassRole', '${aws_iam_role.proxy_role_A46D75EC.arn}'),
        ),
    },
  ],
});
