import { Construct } from 'constructs';
import type { AppSecret } from './app-secret';
import type { DatabaseAuthMode, DatabaseProxy } from './database-proxy';
import { lambdaBundle } from './lambda-bundle';
import { VpcFunction } from './vpc-function';

export interface ApiFunctionProps {
  /** Function name, e.g. `rdsp-dev-api`. */
  readonly name: string;
  readonly subnetIds: string[];
  readonly securityGroupId: string;
  readonly region: string;
  readonly accountId: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly reservedConcurrency: number;
  /** DB_CONNECT_TIMEOUT_MS / DB_QUERY_TIMEOUT_MS: with the timeout they bound an invocation's database time. */
  readonly dbConnectTimeoutMs: number;
  readonly dbQueryTimeoutMs: number;
  readonly proxy: Pick<DatabaseProxy, 'endpoint' | 'port' | 'grantConnect'>;
  readonly databaseName: string;
  /** `secret`: log in with the app secret's password. `iam`: log in as `databaseUser` with an IAM token. */
  readonly authMode: DatabaseAuthMode;
  readonly appSecret: Pick<AppSecret, 'secretArn' | 'readStatements'>;
  /** The app user (the one in the app secret). */
  readonly databaseUser: string;
  /** Client-side idle limit, so the function drops a connection before the proxy does. */
  readonly proxyIdleClientTimeoutSeconds: number;
  /** @default 300 (a rotated password is picked up within 5 minutes; a login failure refetches sooner) */
  readonly secretCacheTtlSeconds?: number;
  readonly environmentKeyArn: string;
  readonly logsKeyArn: string;
  readonly logRetentionDays: number;
  /** @default `dist/apps/api-lambda` in the workspace */
  readonly codeDirectory?: string;
}

/**
 * The API Lambda (issue 2 item 8; seed 000/002's function, with the broad `SecretsManagerReadWrite` and
 * `rds-db:connect *` grants replaced by one secret ARN or one database user behind one proxy).
 */
export class ApiFunction extends Construct {
  readonly functionName: string;
  readonly functionArn: string;
  readonly invokeArn: string;
  readonly roleName: string;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id);
    const secretMode = props.authMode === 'secret';
    const lambda = new VpcFunction(this, 'function', {
      name: props.name,
      description: 'HTTP API handler: time, health and heartbeats through RDS Proxy',
      code: lambdaBundle(this, 'code', 'api-lambda', props.codeDirectory),
      handler: 'index.handler',
      memoryMb: props.memoryMb,
      timeoutSeconds: props.timeoutSeconds,
      // Also the ceiling on DB connections: each concurrent instance holds at most one connection to the proxy,
      // so this keeps the client side within what the proxy's pool (maxConnectionsPercent) can serve.
      reservedConcurrency: props.reservedConcurrency,
      subnetIds: props.subnetIds,
      securityGroupIds: [props.securityGroupId],
      region: props.region,
      accountId: props.accountId,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.name,
        DB_HOST: props.proxy.endpoint,
        DB_PORT: String(props.proxy.port),
        DB_NAME: props.databaseName,
        DB_AUTH_MODE: props.authMode,
        DB_PROXY_IDLE_TIMEOUT_SECONDS: String(props.proxyIdleClientTimeoutSeconds),
        DB_CONNECT_TIMEOUT_MS: String(props.dbConnectTimeoutMs),
        DB_QUERY_TIMEOUT_MS: String(props.dbQueryTimeoutMs),
        ...(secretMode
          ? {
              DB_SECRET_ARN: props.appSecret.secretArn,
              SECRET_CACHE_TTL_SECONDS: String(props.secretCacheTtlSeconds ?? 300),
            }
          : { DB_USER: props.databaseUser }),
      },
      environmentKeyArn: props.environmentKeyArn,
      logsKeyArn: props.logsKeyArn,
      logRetentionDays: props.logRetentionDays,
      statements: secretMode ? props.appSecret.readStatements() : [],
    });
    if (!secretMode) props.proxy.grantConnect(lambda.roleName, props.databaseUser);

    this.functionName = lambda.functionName;
    this.functionArn = lambda.functionArn;
    this.invokeArn = lambda.invokeArn;
    this.roleName = lambda.roleName;
  }
}
