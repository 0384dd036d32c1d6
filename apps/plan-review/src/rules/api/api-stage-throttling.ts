import { label } from '../../model/lookup';
import { valueAt } from '../../model/values';
import { defineResourceRule } from '../rule';

export const apiStageThrottling = defineResourceRule({
  id: 'api-stage-throttling',
  severity: 'medium',
  peers: { checkov: [], trivy: [] },
  title: 'API stages set a throttling burst and rate limit',
  description:
    "Without limits of its own, an HTTP API is throttled only by the account's per-Region rate and burst, which every " +
    'API of the account shares: one client can take all of it, and send the function (and through it the proxy and ' +
    'the database) as many requests as that quota admits. With a burst and a rate limit on the stage ' +
    '(`default_route_settings`), API Gateway answers 429 Too Many Requests above them, in front of the function. ' +
    'The rule asks for both, each above 0.',
  remediation:
    "Set `default_route_settings` `throttling_burst_limit` and `throttling_rate_limit` to what the function's " +
    'reserved concurrency and the database can serve.',
  docs: [
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html',
    'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/apigatewayv2_stage#default_route_settings',
  ],
  appliesTo: ['aws_apigatewayv2_stage'],
  problem: (stage) => {
    const burst = Number(valueAt(stage.values, 'default_route_settings.throttling_burst_limit') ?? 0);
    const rate = Number(valueAt(stage.values, 'default_route_settings.throttling_rate_limit') ?? 0);
    return burst > 0 && rate > 0
      ? undefined
      : `${label(stage)} has throttling burst=${burst} rate=${rate} (default_route_settings)`;
  },
});
