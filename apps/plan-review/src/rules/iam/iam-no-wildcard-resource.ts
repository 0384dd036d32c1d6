import { actionMatches } from '../../model/policies';
import { ACTIONS_WITHOUT_RESOURCES } from './actions';
import { perAllowStatement } from './identity-statements';

export const iamNoWildcardResource = perAllowStatement({
  id: 'iam-no-wildcard-resource',
  severity: 'high',
  peers: { checkov: [], trivy: [] },
  title: 'Identity policies grant `Resource: "*"` only for actions that have no resource (documented allow-list)',
  description:
    'An action on `Resource: "*"` reaches every resource of that type in the account, not only the stack\'s own: ' +
    '`secretsmanager:GetSecretValue` on `*` reads every secret. IAM accepts only `*` for actions that support no ' +
    'resource-level permission (the Service Authorization Reference lists no resource type for them, e.g. ' +
    '`ec2:DescribeNetworkInterfaces`, `xray:PutTraceSegments`); the rule allows `*` for exactly those, listed one by ' +
    'one, and refuses `NotResource`, which grants everything but what it names.',
  remediation:
    'Name the resources (the ARN of the secret, key or log group, by reference); keep `Resource: "*"` only for the ' +
    'actions of the documented list.',
  docs: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html',
    'https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html',
  ],
  problem: (statement) => {
    if (statement.notResources.length) return `uses NotResource ${statement.notResources.join(', ')}`;
    if (!statement.resources.includes('*')) return undefined;
    const scoped = statement.actions.filter(
      (action) => !ACTIONS_WITHOUT_RESOURCES.some((free) => actionMatches(free, action) && !action.includes('*')),
    );
    return scoped.length ? `allows ${scoped.join(', ')} on Resource "*"` : undefined;
  },
});
