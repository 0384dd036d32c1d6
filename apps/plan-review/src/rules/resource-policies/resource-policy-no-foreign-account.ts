import { isTrustedAccount } from '../../config/review-config';
import { accountOf, conditionAccounts, hasConcreteCondition } from '../../model/resource-policies';
import { perAllowStatement } from './statements';

export const resourcePolicyNoForeignAccount = perAllowStatement({
  id: 'resource-policy-no-foreign-account',
  severity: 'critical',
  peers: { checkov: [], trivy: [] },
  title:
    "Resource policies and role trusts name only the stack's own accounts and those listed in review-config.json " +
    '(a trust from another account needs an sts:ExternalId)',
  description:
    'An account named in a principal (`arn:aws:iam::<account>:root`, a bare account id, a role of that account) or ' +
    'in a condition (aws:PrincipalAccount, aws:SourceAccount) is trusted with the resource: every principal that ' +
    "account's administrators allow may use it. The stack's own accounts are those its default AWS provider pins " +
    '(`allowed_account_ids`; an aliased provider\'s do not count, or one line could make any account "our own"); ' +
    'any other account must be listed, with the reason, in apps/plan-review/review-config.json. A role trust to ' +
    'another account also needs an ' +
    'sts:ExternalId condition, which AWS documents against the confused deputy of a third party that assumes roles ' +
    'for many customers.',
  remediation:
    'Name an account of the stack, or list the partner account in review-config.json with its reason; on a role trust ' +
    'to another account, add a StringEquals condition on sts:ExternalId.',
  docs: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html',
  ],
  problem: (statement, policy, model, { config }) => {
    const named = [
      ...statement.principals.map(accountOf).filter((account): account is string => account !== undefined),
      ...conditionAccounts(statement),
    ];
    const foreign = [...new Set(named.filter((account) => !isTrustedAccount(account, model, config)))];
    if (!foreign.length) return undefined;
    if (policy.trust && hasConcreteCondition(statement, ['sts:ExternalId'])) return undefined;
    const externalId = policy.trust ? ' (and the trust has no sts:ExternalId condition)' : '';
    const where = 'apps/plan-review/review-config.json';
    // A plan read without its synth (or a stack whose provider pins no account) has no account of its own.
    if (!model.accountIds.length) {
      const none =
        'the stack names no account of its own: no allowed_account_ids; review the plan next to its cdk.tf.json';
      return `allows account ${foreign.join(', ')}, not in ${where}, and ${none}${externalId}`;
    }
    return `allows account ${foreign.join(', ')}, neither the stack's own (allowed_account_ids) nor in ${where}${externalId}`;
  },
});
