import type { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { Construct } from 'constructs';
import type { AlarmThresholds, AuthMode, LambdaConfig } from '../config/environment-config';
import { type AlarmDefinition, appMetricAlarms } from './alarm-definitions';
import type { AppSecret } from './app-secret';
import type { DatabaseProxy } from './database-proxy';
import type { Grantee, PolicyStatement } from './grants';
import type { Monitorable } from './monitoring';
import { lambdaBundle } from './lambda-bundle';
import type { Network } from './network';
import { PlatformStack } from './platform-stack';
import type { SecretsManagerEndpoint } from './secrets-manager-endpoint';
import type { Connectable, Connections } from './security-groups';
import { VpcFunction } from './vpc-function';

export interface ApiFunctionProps extends LambdaConfig {
  /** The function runs in the network's app subnets. */
  readonly network: Network;
  /** The function reaches the database only through this proxy. */
  readonly proxy: DatabaseProxy;
  /** In secret mode the function reads the app secret through this endpoint. */
  readonly secretsEndpoint: SecretsManagerEndpoint;
  /** `secret`: log in with the app secret's password. `iam`: log in as `databaseUser` with an IAM token. */
  readonly authMode: AuthMode;
  readonly appSecret: AppSecret;
  /** The app user (the one in the app secret). */
  readonly databaseUser: string;
  /** @default `<namePrefix>-api` */
  readonly name?: string;
  /** @default 300 (a rotated password is picked up within 5 minutes; a login failure refetches sooner) */
  readonly secretCacheTtlSeconds?: number;
  /** @default `dist/apps/api-lambda` in the workspace */
  readonly codeDirectory?: string;
}

/**
 * The API Lambda (seed 000/002's function, with the broad `SecretsManagerReadWrite` and `rds-db:connect *` grants
 * replaced by one secret ARN or one database user behind one proxy). It opens its own paths to the proxy and the
 * Secrets Manager endpoint.
 */
export class ApiFunction extends Construct implements Grantee, Connectable, Monitorable {
  readonly functionName: string;
  readonly functionArn: string;
  readonly invokeArn: string;
  readonly roleName: string;
  readonly connections: Connections;
  /** The function resource, for `dependsOn`. */
  readonly resource: LambdaFunction;
  private readonly lambda: VpcFunction;
  /** POWERTOOLS_SERVICE_NAME: the `service` dimension of the function's own EMF metrics. */
  private readonly serviceName: string;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id);
    const name = props.name ?? PlatformStack.of(this).resourceName('api');
    const secretMode = props.authMode === 'secret';
    this.serviceName = name;
    this.connections = props.network.securityGroups.create(
      'lambda',
      'API Lambda: may reach the RDS Proxy and the Secrets Manager endpoint only',
    );
    props.proxy.connections.allowDefaultPortFrom(this, 'API Lambda to RDS Proxy (MySQL over TLS)');
    props.secretsEndpoint.connections.allowDefaultPortFrom(this, 'API Lambda to Secrets Manager endpoint');

    this.lambda = new VpcFunction(this, 'function', {
      name,
      description: 'HTTP API handler: time, health and heartbeats through RDS Proxy',
      code: lambdaBundle(this, 'code', 'api-lambda', props.codeDirectory),
      handler: 'index.handler',
      memoryMb: props.memoryMb,
      timeoutSeconds: props.timeoutSeconds,
      // Also the ceiling on DB connections: each concurrent instance holds at most one connection to the proxy,
      // so this keeps the client side within what the proxy's pool (maxConnectionsPercent) can serve.
      reservedConcurrency: props.reservedConcurrency,
      network: props.network,
      securityGroup: this.connections,
      environment: {
        POWERTOOLS_SERVICE_NAME: name,
        DB_HOST: props.proxy.endpoint,
        DB_PORT: String(props.proxy.port),
        DB_NAME: props.proxy.database.databaseName,
        DB_AUTH_MODE: props.authMode,
        // Client-side idle limit, so the function drops a connection before the proxy does.
        DB_PROXY_IDLE_TIMEOUT_SECONDS: String(props.proxy.idleClientTimeoutSeconds),
        DB_CONNECT_TIMEOUT_MS: String(props.dbConnectTimeoutMs),
        DB_QUERY_TIMEOUT_MS: String(props.dbQueryTimeoutMs),
        ...(secretMode
          ? {
              DB_SECRET_ARN: props.appSecret.secretArn,
              SECRET_CACHE_TTL_SECONDS: String(props.secretCacheTtlSeconds ?? 300),
            }
          : { DB_USER: props.databaseUser }),
      },
    });
    if (secretMode) props.appSecret.grantRead(this);
    else props.proxy.grantConnect(this, props.databaseUser);

    this.resource = this.lambda.resource;
    this.functionName = this.lambda.functionName;
    this.functionArn = this.lambda.functionArn;
    this.invokeArn = this.lambda.invokeArn;
    this.roleName = this.lambda.roleName;
  }

  /** The function's alarms, and those on its own metrics (forced credential refreshes, retried statements). */
  alarmDefinitions(thresholds: AlarmThresholds): AlarmDefinition[] {
    return [
      ...this.lambda.alarmDefinitions('api', 'lambda', thresholds),
      ...appMetricAlarms(this.serviceName, thresholds),
    ];
  }

  addToPolicy(statement: PolicyStatement): void {
    this.lambda.addToPolicy(statement);
  }
}
