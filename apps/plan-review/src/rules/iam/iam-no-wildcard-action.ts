import { perAllowStatement } from './identity-statements';

export const iamNoWildcardAction = perAllowStatement({
  id: 'iam-no-wildcard-action',
  severity: 'critical',
  peers: { checkov: [], trivy: [] },
  title: 'Identity policies grant no `*` or `service:*` action (and no NotAction)',
  description:
    'An identity policy that allows `*` or `service:*` grants every action of the service, including the ones added ' +
    'after the policy was written, and an `Allow` with `NotAction` grants every action it does not list, in every ' +
    'service that applies to the resource. Either way the role can do far more than its code needs (for Secrets ' +
    'Manager: put a resource policy, delete or restore the secret). Every statement of every identity policy of the ' +
    "stack (inline policies, customer-managed policies, a role's inline_policy blocks) names its actions; a policy the " +
    'review cannot read fails, as it may hide exactly such a grant.',
  remediation:
    'List the actions the code calls (`secretsmanager:GetSecretValue`, not `secretsmanager:*`) and replace NotAction ' +
    'with the actions it was meant to leave in.',
  docs: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html',
    'https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html',
  ],
  problem: (statement) => {
    if (statement.notActions.length) return `allows NotAction ${statement.notActions.join(', ')}`;
    const wild = statement.actions.filter((action) => action === '*' || action.endsWith(':*'));
    return wild.length ? `allows ${wild.join(', ')}` : undefined;
  },
});
