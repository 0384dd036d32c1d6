import { perAllowStatement } from './identity-statements';

export const iamNoAdminPolicy = perAllowStatement({
  id: 'iam-no-admin-policy',
  severity: 'critical',
  peers: { checkov: ['CKV_AWS_62'], trivy: [] },
  differences: [
    {
      peer: 'checkov',
      id: 'CKV_AWS_62',
      difference:
        'CKV_AWS_62 refuses `*` only together with `Resource: "*"` and accepts `iam:*` and an Allow with NotAction; we ' +
        'refuse all three on any resource, because `iam:*` on the role itself lets it rewrite its own policies and ' +
        'NotAction grants every action it does not list.',
    },
    {
      peer: 'checkov',
      id: 'CKV_AWS_62',
      difference:
        'CKV_AWS_62 passes a policy it cannot parse (a document known only at apply) and does not read the ' +
        '`inline_policy` blocks of `aws_iam_role`; we fail the first and read the second, since an unread document may ' +
        'be exactly the admin grant.',
    },
  ],
  title: 'No identity has admin rights: no `*` or `iam:*` action, no AdministratorAccess / PowerUser / IAMFullAccess',
  description:
    'A principal allowed `*`, or `iam:*`, administers the account: with IAM it can grant itself any other permission, ' +
    'create users and keys, and change the trust of every role. An Allow with NotAction grants every action it does ' +
    'not list, `iam:*` included unless listed. No role of this architecture (an API function, a rotation function, a ' +
    'proxy) needs either; every statement of every identity policy is read, and a policy the review cannot read ' +
    'fails.',
  remediation:
    'Replace the statement with the actions the role calls, on the resources it calls them on; if a person needs admin ' +
    'rights, grant them through IAM Identity Center, not a role of this stack.',
  docs: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html',
    'https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html',
  ],
  problem: (statement) => {
    // NotAction in an Allow grants everything it does not list, iam:* included.
    if (statement.notActions.length) return `allows everything but ${statement.notActions.join(', ')}`;
    const admin = statement.actions.filter((action) => /^(\*|iam:\*)$/i.test(action));
    return admin.length ? `allows ${admin.join(', ')}` : undefined;
  },
});
