import { HttpApi, HttpApiProps } from './http-api';
import { ConfigError } from '../config/config-error';
import { synthesize, sharedByArguments } from '../testing/synth-json';

const props = (overrides: Partial<HttpApiProps> = {}): HttpApiProps => ({
  stageName: 'dev',
  handler: {
    functionName: 'rdsp-dev-api',
    invokeArn:
      'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:rdsp-dev-api/invocations',
  },
  integrationTimeoutSeconds: 29,
  throttlingBurstLimit: 50,
  throttlingRateLimit: 20,
  publicRouteThrottlingBurstLimit: 5,
  publicRouteThrottlingRateLimit: 4,
  ...overrides,
});
const synthApiUncached = (overrides: Partial<HttpApiProps> = {}) => {
  let logsKeyArn = '';
  const synth = synthesize((stack) => {
    new HttpApi(stack, 'http-api', props(overrides));
    logsKeyArn = stack.keys.logs.arn;
  });
  return Object.assign(synth, { logsKeyArn: synth.ref(logsKeyArn) });
};
/** Synthesized once per distinct set of plain-data arguments for this file and shared (cases only read it). */
const synthApi = sharedByArguments(synthApiUncached);

describe('HttpApi', () => {
  it('is named after the stack (<namePrefix>-http-api) unless told otherwise', () => {
    expect(synthApi().only('aws_apigatewayv2_api').name).toBe('rdsp-dev-http-api');
    expect(synthApi({ name: 'other-api' }).only('aws_apigatewayv2_api').name).toBe('other-api');
  });

  it('proxies to the Lambda with payload 2.0 and the configured integration timeout', () => {
    const synth = synthApi({ integrationTimeoutSeconds: 12 });
    expect(synth.only('aws_apigatewayv2_api').protocol_type).toBe('HTTP');
    expect(synth.only('aws_apigatewayv2_integration')).toMatchObject({
      integration_type: 'AWS_PROXY',
      integration_uri: props().handler.invokeArn,
      payload_format_version: '2.0',
      timeout_milliseconds: 12000,
    });
  });

  it('keeps read-only routes public and signs every heartbeat route with AWS_IAM', () => {
    const routes = Object.values(synthApi().resources('aws_apigatewayv2_route'));
    const authorization = Object.fromEntries(routes.map((route) => [route.route_key, route.authorization_type]));
    expect(authorization).toEqual({
      'GET /': 'NONE',
      'GET /time': 'NONE',
      'GET /health': 'NONE',
      'POST /heartbeats': 'AWS_IAM',
      'GET /heartbeats': 'AWS_IAM',
    });
    routes.forEach((route) =>
      expect(route.target).toMatch(/^integrations\/\$\{aws_apigatewayv2_integration\.\S+\.id\}$/),
    );
  });

  it('has no unauthenticated route that writes', () => {
    const routes = Object.values(synthApi().resources('aws_apigatewayv2_route'));
    const publicWrites = routes.filter(
      (route) => route.authorization_type === 'NONE' && !route.route_key.startsWith('GET '),
    );
    expect(publicWrites).toEqual([]);
  });

  it('deploys a stage named after the environment, throttled from config', () => {
    const stage = synthApi({ stageName: 'prod', throttlingBurstLimit: 200, throttlingRateLimit: 100 }).only(
      'aws_apigatewayv2_stage',
    );
    expect(stage).toMatchObject({ name: 'prod', auto_deploy: true });
    expect(stage.default_route_settings).toMatchObject({ throttling_burst_limit: 200, throttling_rate_limit: 100 });
  });

  it('writes JSON access logs to an encrypted log group with retention', () => {
    const synth = synthApi();
    const { access_log_settings: accessLogs } = synth.only('aws_apigatewayv2_stage');
    const [[logGroupId, logGroup]] = Object.entries(synth.resources('aws_cloudwatch_log_group'));
    expect(accessLogs.destination_arn).toBe(`\${aws_cloudwatch_log_group.${logGroupId}.arn}`);
    expect(JSON.parse(accessLogs.format)).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
    expect(synth.only('aws_cloudwatch_log_group')).toBe(logGroup);
    expect(logGroup).toMatchObject({
      name: '/aws/apigateway/rdsp-dev-http-api',
      kms_key_id: synth.logsKeyArn,
      retention_in_days: 14,
    });
    expect(synth.logsKeyArn).toMatch(/^\$\{aws_kms_key\.encryption-keys_logs_key_[A-F0-9]+\.arn\}$/);
  });

  it('lets only this API stage invoke the function', () => {
    const permission = synthApi().only('aws_lambda_permission');
    expect(permission).toMatchObject({
      action: 'lambda:InvokeFunction',
      function_name: 'rdsp-dev-api',
      principal: 'apigateway.amazonaws.com',
    });
    expect(permission.source_arn).toMatch(
      /^\$\{aws_apigatewayv2_api\.\S+\.execution_arn\}\/\$\{aws_apigatewayv2_stage\.\S+\.name\}\/\*$/,
    );
  });

  it('rejects an integration timeout above the HTTP API limit of 30 s', () => {
    const build = () => synthApi({ integrationTimeoutSeconds: 31 });
    expect(build).toThrow(ConfigError);
    expect(build).toThrow('api.integrationTimeoutSeconds: must be a whole number from 1 to 30, got 31.');
  });

  it('throttles the anonymous routes that query the database below the stage default (API Gateway answers 429)', () => {
    const stage = synthApi().only('aws_apigatewayv2_stage');
    expect(stage.default_route_settings).toMatchObject({ throttling_burst_limit: 50, throttling_rate_limit: 20 });
    expect(stage.route_settings).toEqual([
      { route_key: 'GET /', throttling_burst_limit: 5, throttling_rate_limit: 4, detailed_metrics_enabled: true },
      { route_key: 'GET /time', throttling_burst_limit: 5, throttling_rate_limit: 4, detailed_metrics_enabled: true },
    ]);
    expect(stage.depends_on).toHaveLength(5);
  });
});
