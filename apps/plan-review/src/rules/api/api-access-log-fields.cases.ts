import { defineCases } from '../../testing/cases';
import { FIXTURE_BOUNDS_CONFIG, synthResource, type SynthJson } from '../../testing/fixtures';
import { apiAccessLogFields } from './api-access-log-fields';

const settings = (synth: SynthJson) => synthResource(synth, 'aws_apigatewayv2_stage').access_log_settings;

/** The format the real stack writes (apps/infra's http-api construct). */
const FULL = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  userArn: '$context.identity.userArn',
  integrationLatency: '$context.integrationLatency',
};
const withFormat = (format: Record<string, string>) => (s: SynthJson) => (settings(s).format = JSON.stringify(format));
const without = (...keys: (keyof typeof FULL)[]) =>
  withFormat(Object.fromEntries(Object.entries(FULL).filter(([key]) => !keys.includes(key as keyof typeof FULL))));

export default defineCases({
  rule: apiAccessLogFields,
  config: FIXTURE_BOUNDS_CONFIG,
  setup: withFormat(FULL),
  failing: [
    { variant: 'the format reduced to the request id', change: withFormat({ requestId: '$context.requestId' }) },
    { variant: 'the source IP dropped', change: without('ip') },
    { variant: 'the caller identity dropped', change: without('userArn') },
    { variant: 'the status dropped', change: without('status') },
    {
      variant: 'the request time swapped for requestTimeEpoch (another variable, not the reviewed one)',
      change: (s) => {
        without('requestTime')(s);
        settings(s).format = settings(s).format.replace('{', '{"epoch":"$context.requestTimeEpoch",');
      },
    },
    {
      variant: 'a CLF format without the route and caller',
      change: (s) =>
        (settings(s).format =
          '$context.identity.sourceIp - - [$context.requestTime] $context.status $context.requestId'),
    },
    { variant: 'the format given by a variable', change: (s) => (settings(s).format = '${var.access_log_format}') },
  ],
  passing: [
    {
      variant: 'extra fields (the error message, the user agent)',
      change: withFormat({ ...FULL, ua: '$context.identity.userAgent' }),
    },
    {
      variant: 'a CLF format with every reviewed variable',
      change: (s) =>
        (settings(s).format =
          '$context.identity.sourceIp $context.identity.userArn [$context.requestTime] "$context.routeKey" $context.status $context.requestId'),
    },
  ],
});
