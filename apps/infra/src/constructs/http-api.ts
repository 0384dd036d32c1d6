import { Apigatewayv2Api } from '@cdktf/provider-aws/lib/apigatewayv2-api';
import { Apigatewayv2Integration } from '@cdktf/provider-aws/lib/apigatewayv2-integration';
import { Apigatewayv2Route } from '@cdktf/provider-aws/lib/apigatewayv2-route';
import { Apigatewayv2Stage } from '@cdktf/provider-aws/lib/apigatewayv2-stage';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { Construct } from 'constructs';
import { requireInteger } from '../config/config-error';
import type { AlarmThresholds, ApiConfig } from '../config/environment-config';
import { type AlarmDefinition, apiAlarms } from './alarm-definitions';
import type { Monitorable } from './monitoring';
import { MAX_INTEGRATION_TIMEOUT_SECONDS } from '../config/environment-rules';
import { EncryptedLogGroup } from './log-group';
import { PlatformStack } from './platform-stack';

export type RouteAuthorization = 'NONE' | 'AWS_IAM';

/**
 * The API's routes. Read-only time and health routes are public, as in the seed's `GET /`; the heartbeat routes
 * write to the database, so callers must sign with SigV4 (AWS_IAM): no unauthenticated route writes.
 */
export const API_ROUTES: ReadonlyArray<{
  readonly routeKey: string;
  readonly authorization: RouteAuthorization;
  /** Whether the route reaches the database (anonymous ones that do get the public route limits). */
  readonly queriesDatabase: boolean;
}> = [
  { routeKey: 'GET /', authorization: 'NONE', queriesDatabase: true },
  { routeKey: 'GET /time', authorization: 'NONE', queriesDatabase: true },
  { routeKey: 'GET /health', authorization: 'NONE', queriesDatabase: false },
  { routeKey: 'POST /heartbeats', authorization: 'AWS_IAM', queriesDatabase: true },
  { routeKey: 'GET /heartbeats', authorization: 'AWS_IAM', queriesDatabase: true },
];

export interface HttpApiProps extends ApiConfig {
  /** The function behind every route. */
  readonly handler: { readonly functionName: string; readonly invokeArn: string };
  /** The stage, named after the environment (the seed's stage is `dev`). */
  readonly stageName: string;
  /** @default `<namePrefix>-http-api`; also names the access log group `/aws/apigateway/<name>` */
  readonly name?: string;
}

// One JSON object per request; userArn shows who signed an AWS_IAM request.
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  userArn: '$context.identity.userArn',
  integrationStatus: '$context.integrationStatus',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
});

/**
 * HTTP API (API Gateway v2) in front of the API Lambda: Lambda proxy integration with payload 2.0,
 * a throttled stage with JSON access logs in an encrypted log group, and an invoke permission for this API only.
 */
export class HttpApi extends Construct implements Monitorable {
  readonly apiId: string;
  readonly apiEndpoint: string;
  /** Base URL of the stage, e.g. `https://<id>.execute-api.<region>.amazonaws.com/dev`. */
  readonly stageInvokeUrl: string;
  readonly executionArn: string;
  readonly stageName: string;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    requireInteger(
      props.integrationTimeoutSeconds,
      'api.integrationTimeoutSeconds',
      1,
      MAX_INTEGRATION_TIMEOUT_SECONDS,
    );
    const name = props.name ?? PlatformStack.of(this).resourceName('http-api');
    const api = new Apigatewayv2Api(this, 'api', {
      name,
      protocolType: 'HTTP',
      description: 'Time, health and heartbeats through RDS Proxy',
    });
    const integration = new Apigatewayv2Integration(this, 'lambda-integration', {
      apiId: api.id,
      integrationType: 'AWS_PROXY',
      integrationUri: props.handler.invokeArn,
      integrationMethod: 'POST',
      payloadFormatVersion: '2.0',
      timeoutMilliseconds: props.integrationTimeoutSeconds * 1000,
    });
    const routes = API_ROUTES.map(
      (route) =>
        new Apigatewayv2Route(this, `route-${route.routeKey.replace(/[^A-Za-z]+/g, '-').toLowerCase()}`, {
          apiId: api.id,
          routeKey: route.routeKey,
          target: `integrations/${integration.id}`,
          authorizationType: route.authorization,
        }),
    );

    const accessLogs = new EncryptedLogGroup(this, 'access-logs', {
      name: `/aws/apigateway/${name}`,
    });
    const stage = new Apigatewayv2Stage(this, 'stage', {
      apiId: api.id,
      name: props.stageName,
      autoDeploy: true,
      accessLogSettings: { destinationArn: accessLogs.arn, format: ACCESS_LOG_FORMAT },
      defaultRouteSettings: {
        throttlingBurstLimit: props.throttlingBurstLimit,
        throttlingRateLimit: props.throttlingRateLimit,
        detailedMetricsEnabled: true,
      },
      // Anonymous routes that query the database are refused (429) at their own, lower limits.
      routeSettings: API_ROUTES.filter((route) => route.authorization === 'NONE' && route.queriesDatabase).map(
        (route) => ({
          routeKey: route.routeKey,
          throttlingBurstLimit: props.publicRouteThrottlingBurstLimit,
          throttlingRateLimit: props.publicRouteThrottlingRateLimit,
          detailedMetricsEnabled: true,
        }),
      ),
      // Route settings name routes that must exist first.
      dependsOn: routes,
    });

    new LambdaPermission(this, 'invoke-permission', {
      statementId: 'AllowInvokeFromThisHttpApiStage',
      action: 'lambda:InvokeFunction',
      functionName: props.handler.functionName,
      principal: 'apigateway.amazonaws.com',
      // arn:…:execute-api:<region>:<account>:<api id>/<stage>/<method>/<path>: this API's stage, nothing else.
      sourceArn: `${api.executionArn}/${stage.name}/*`,
    });

    this.apiId = api.id;
    this.apiEndpoint = api.apiEndpoint;
    this.stageInvokeUrl = stage.invokeUrl;
    this.executionArn = api.executionArn;
    this.stageName = props.stageName;
  }

  /** 5xx answers and p99 latency of the stage. */
  alarmDefinitions(thresholds: AlarmThresholds): AlarmDefinition[] {
    return apiAlarms({ apiId: this.apiId, stage: this.stageName }, thresholds);
  }
}
