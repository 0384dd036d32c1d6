import { label } from '../../model/lookup';
import { isSet } from '../../model/values';
import { defineResourceRule } from '../rule';
import { principalProblem } from './principals';

export const lambdaLayerNotPublic = defineResourceRule({
  id: 'lambda-layer-not-public',
  severity: 'critical',
  peers: { checkov: [], trivy: [] },
  title: "Lambda layer permissions name the stack's own or listed accounts, or an organization, not `*`",
  description:
    "A layer version's permission grants `lambda:GetLayerVersion` to a single account, to every AWS account " +
    '(`principal = "*"`), or to every account of one organization (`*` with `organization_id`). Whoever may get the ' +
    "layer may download its code, and with it whatever the stack's functions share through it. The principal must " +
    "be an account of the stack's own or one listed in apps/plan-review/review-config.json, or `*` narrowed to an " +
    'organization; one known only at apply could be anyone.',
  remediation:
    "Set `principal` to the account that uses the layer (listed in review-config.json when it is not the stack's), " +
    'or `*` with the `organization_id` of the organization.',
  docs: [
    'https://docs.aws.amazon.com/lambda/latest/dg/permissions-layer-cross-account.html',
    'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-layerversionpermission.html',
  ],
  appliesTo: ['aws_lambda_layer_version_permission'],
  problem: (permission, model, { config }) => {
    const principal = String(permission.values['principal'] ?? '');
    // `*` with organization_id is how AWS shares a layer with a whole organisation.
    if (principal === '*' && isSet(permission.values['organization_id'])) return undefined;
    const problem = principalProblem(principal, model, config);
    return problem && `${label(permission)} shares the layer with ${problem}`;
  },
});
