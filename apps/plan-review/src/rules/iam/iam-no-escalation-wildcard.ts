import { actionMatches } from '../../model/policies';
import { PRIVILEGE_ESCALATION_ACTIONS } from './actions';
import { perAllowStatement } from './identity-statements';

export const iamNoEscalationWildcard = perAllowStatement({
  id: 'iam-no-escalation-wildcard',
  severity: 'critical',
  peers: { checkov: ['CKV_AWS_286'], trivy: [] },
  differences: [
    {
      peer: 'checkov',
      id: 'CKV_AWS_286',
      difference:
        'CKV_AWS_286 (Cloudsplaining) refuses a policy only when its actions complete one of its known escalation ' +
        'combinations, whatever the resources, so it refuses `iam:PassRole` spelled out on one named role beside ' +
        '`lambda:CreateFunction` and accepts a single `iam:PassRole` or `kms:CreateGrant` on `Resource: "*"`; we accept ' +
        'escalation actions spelled out on named resources and refuse one matched by a wildcard action or granted on ' +
        "every resource, because scoping to the stack's own roles and keys is what keeps the stack's own functions " +
        'working and closes the path.',
    },
    {
      peer: 'checkov',
      id: 'CKV_AWS_286',
      difference:
        'CKV_AWS_286 does not read the `inline_policy` blocks of `aws_iam_role`; we do, since a role carries its policy ' +
        'there as well.',
    },
  ],
  title:
    'Identity policies grant no privilege-escalation action through a wildcard action (iam:Pass*, kms:Create*) or on every resource (`*`)',
  description:
    'Some actions let a principal give itself, or a role it can pass or assume, more than it was granted: passing a ' +
    'role to new code, writing a policy version or attaching a policy, changing the code or configuration of a ' +
    'function that runs as another role, or rewriting the resource policy of a key, secret, bucket, topic or queue. ' +
    'A wildcard action (`iam:Pass*`, `iam:Put*`, `kms:Create*`) grants them without naming them, and a named one on ' +
    '`Resource: "*"` reaches every role, function or key of the account. The escalation actions are listed in ' +
    '`PRIVILEGE_ESCALATION_ACTIONS` (rules/iam/actions.ts).',
  remediation:
    'Spell the escalation action out and scope it to the resources of the stack that need it (`iam:PassRole` on the ' +
    "proxy's role ARN, by reference).",
  docs: [
    'https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html',
  ],
  problem: (statement) => {
    const escalates = (action: string) =>
      PRIVILEGE_ESCALATION_ACTIONS.some((escalation) => actionMatches(action, escalation));
    const wild = statement.actions.filter((action) => /[*?]/.test(action) && escalates(action));
    if (wild.length) return `allows ${wild.join(', ')}, which covers privilege-escalation actions`;
    // Named, but on every resource: iam:PassRole on "*" passes any role, lambda:UpdateFunctionCode changes any code.
    const onEverything = statement.resources.includes('*') ? statement.actions.filter(escalates) : [];
    return onEverything.length
      ? `allows ${onEverything.join(', ')} on Resource "*": a privilege-escalation action on every resource`
      : undefined;
  },
});
