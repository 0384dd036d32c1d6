import { defineCases } from '../../testing/cases';
import { synthResource, type SynthJson } from '../../testing/fixtures';
import { apiStageAccessLogs } from './api-stage-access-logs';

const stage = (synth: SynthJson) => synthResource(synth, 'aws_apigatewayv2_stage');

export default defineCases({
  rule: apiStageAccessLogs,
  failing: [
    { variant: 'access_log_settings removed', change: (s) => delete stage(s).access_log_settings },
    {
      variant: 'a destination without a format',
      change: (s) => delete stage(s).access_log_settings.format,
    },
  ],
  passing: [
    {
      variant: 'a Common Log Format line instead of JSON',
      change: (s) =>
        (stage(s).access_log_settings.format =
          '$context.identity.sourceIp - - [$context.requestTime] "$context.httpMethod $context.routeKey ' +
          '$context.protocol" $context.status $context.responseLength $context.requestId'),
    },
  ],
});
