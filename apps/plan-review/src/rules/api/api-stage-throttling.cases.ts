import { defineCases } from '../../testing/cases';
import { synthResource, type SynthJson } from '../../testing/fixtures';
import { apiStageThrottling } from './api-stage-throttling';

const stage = (synth: SynthJson) => synthResource(synth, 'aws_apigatewayv2_stage');

export default defineCases({
  rule: apiStageThrottling,
  failing: [
    { variant: 'default_route_settings removed', change: (s) => delete stage(s).default_route_settings },
    {
      variant: 'a burst limit but no rate limit',
      change: (s) => (stage(s).default_route_settings = { throttling_burst_limit: 50 }),
    },
  ],
  passing: [
    {
      variant: 'tighter limits (burst 5, rate 0.5 a second)',
      change: (s) => (stage(s).default_route_settings = { throttling_burst_limit: 5, throttling_rate_limit: 0.5 }),
    },
  ],
});
