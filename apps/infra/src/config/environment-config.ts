import { cidrsOverlap, parseCidr } from './cidr';
import { ConfigError, requireAccountId, requireNamePrefix, requireRegion, requireThat } from './config-error';
import {
  validateDatabase,
  validateMonitoring,
  validateNetwork,
  validateOperations,
  validateProxyAndLambda,
} from './environment-rules';
import { validateTimeBudget } from './time-budget';

export { ConfigError } from './config-error';
export { LOG_RETENTION_DAYS } from './environment-rules';

export type EnvironmentName = 'dev' | 'prod';
export const ENVIRONMENT_NAMES: readonly EnvironmentName[] = ['dev', 'prod'];

/** How the API Lambda authenticates to the proxy: a Secrets Manager secret, or an IAM auth token. */
export type AuthMode = 'secret' | 'iam';

export interface DatabaseConfig {
  readonly instanceClass: string;
  readonly allocatedStorageGb: number;
  readonly maxAllocatedStorageGb: number;
  /** RDS for MySQL version, `8.0` or `8.4`, optionally with a minor (`8.4.5`); minors upgrade automatically. */
  readonly engineVersion: string;
  /**
   * Whether the instance may run on paid RDS Extended Support once its major version is past standard support
   * (`engine_lifecycle_support`). Must be true for 8.0, which is; false opts out (config/engine-version.ts).
   */
  readonly extendedSupport: boolean;
  readonly multiAz: boolean;
  readonly deletionProtection: boolean;
  readonly backupRetentionDays: number;
  readonly databaseName: string;
  readonly appUsername: string;
}

export interface ProxyConfig {
  /** Share of the DB's max_connections the proxy may open (the seed uses 30). */
  readonly maxConnectionsPercent: number;
  readonly maxIdleConnectionsPercent: number;
  readonly idleClientTimeoutSeconds: number;
  /** How long a client waits for a pooled connection; must stay below the Lambda timeout. */
  readonly connectionBorrowTimeoutSeconds: number;
}

export interface LambdaConfig {
  readonly memoryMb: number;
  /** Must cover the worst database path (`worstCaseDbPath` in time-budget.ts), so the function can answer 503. */
  readonly timeoutSeconds: number;
  readonly reservedConcurrency: number;
  /** DB_CONNECT_TIMEOUT_MS of the API function: TCP, TLS and login to the proxy, per attempt. */
  readonly dbConnectTimeoutMs: number;
  /** DB_QUERY_TIMEOUT_MS of the API function: the longest one statement may run before its connection is dropped. */
  readonly dbQueryTimeoutMs: number;
}

export interface RotationConfig {
  readonly automaticallyAfterDays: number;
  /**
   * Reserved concurrency of the rotation function. Secrets Manager runs the rotation steps of a secret one after
   * another, so one is enough for our one secret; the second instance is headroom for a retried step while the last
   * one is still finishing. Each instance holds a direct connection to the database, so keep it small.
   */
  readonly reservedConcurrency: number;
}

export interface ApiConfig {
  /** Stage default: requests per second a burst may reach before API Gateway answers 429. */
  readonly throttlingBurstLimit: number;
  readonly throttlingRateLimit: number;
  /**
   * The anonymous routes that query the database (`GET /`, `GET /time`) get their own, lower limits, so anonymous
   * traffic is refused with API Gateway's 429 before it can take the containers and proxy connections the
   * IAM-protected writes need: at most half the API function's reserved concurrency.
   */
  readonly publicRouteThrottlingBurstLimit: number;
  readonly publicRouteThrottlingRateLimit: number;
  /** HTTP API integrations time out after at most 30 s. */
  readonly integrationTimeoutSeconds: number;
}

/**
 * Alarm thresholds. Every alarm and the dashboard are generated from these (`constructs/alarm-definitions.ts`); the
 * README's alarm table is generated from the same definitions.
 */
export interface AlarmThresholds {
  /** Average DB CPU over three 5-minute periods. @default 80 */
  readonly dbCpuPercent: number;
  /** Freeable memory below this share of the instance class's memory. @default 10 */
  readonly dbFreeableMemoryPercent: number;
  /**
   * Free storage below this share of the allocated storage, when storage autoscaling is off. With autoscaling on
   * (maxAllocatedStorageGb above allocatedStorageGb) the allocation moves and the alarm sits between autoscaling's own
   * trigger and the point where RDS stops MySQL instead (`constructs/alarm-definitions.ts`). @default 10
   */
  readonly dbFreeStoragePercent: number;
  /** Connections above this share of the max_connections the parameter group sets; 1-99. @default 80 */
  readonly dbConnectionsPercent: number;
  /** Client failed proxy logins per 5 minutes (a rotation gone wrong shows here first). @default 5 */
  readonly proxyAuthFailures: number;
  /** Proxy health checks of the database succeeding less than this share of each minute, 5 minutes long. @default 90 */
  readonly proxyTargetAvailabilityPercent: number;
  /** Failed proxy logins to the database per 5 minutes (the proxy's own secret rotated wrong). @default 5 */
  readonly proxyDbConnectionFailures: number;
  /** Average wait for a pooled connection, in milliseconds. @default 500 */
  readonly proxyBorrowLatencyMs: number;
  /** Function errors per 5 minutes. @default 1 */
  readonly lambdaErrors: number;
  /** p99 duration above this share of the function's timeout. @default 80 */
  readonly lambdaDurationPercentOfTimeout: number;
  /** Peak concurrency above this share of the function's reserved concurrency. @default 80 */
  readonly lambdaConcurrencyPercentOfReserved: number;
  /** HTTP API 5xx answers per 5 minutes. @default 5 */
  readonly api5xx: number;
  /** HTTP API p99 latency, in milliseconds. @default 3000 */
  readonly apiLatencyP99Ms: number;
  /** Forced credential refreshes of the API function per 5 minutes (refused passwords). @default 10 */
  readonly credentialRefreshesForced: number;
  /** Statements retried after a lost connection, per 5 minutes (failovers show here). @default 10 */
  readonly dbRetries: number;
}

export interface MonitoringConfig {
  readonly alarms: AlarmThresholds;
  /** E-mail addresses subscribed to the alerts topic (each must confirm the subscription). */
  readonly alertEmails: readonly string[];
  /** HTTPS endpoints subscribed to the alerts topic (e.g. a chat webhook relay). */
  readonly alertHttpsEndpoints: readonly string[];
  /** RDS Enhanced Monitoring interval in seconds (0 turns it off; RDS accepts 0, 1, 5, 10, 15, 30, 60). */
  readonly enhancedMonitoringIntervalSeconds: number;
  /** An AWS FIS experiment template that forces a Multi-AZ failover (for `failover-meter drill`). */
  readonly failoverDrill: boolean;
}

export interface EnvironmentConfig {
  /** Prefix of every resource name, e.g. "rdsp-dev". */
  readonly namePrefix: string;
  readonly environment: EnvironmentName;
  readonly region: string;
  /** Only used to build ARNs and key policies: no data source looks it up. */
  readonly accountId: string;
  readonly azNames: readonly string[];
  readonly vpcCidr: string;
  readonly database: DatabaseConfig;
  readonly proxy: ProxyConfig;
  readonly lambda: LambdaConfig;
  readonly authMode: AuthMode;
  readonly logRetentionDays: number;
  readonly api: ApiConfig;
  readonly rotation: RotationConfig;
  readonly monitoring: MonitoringConfig;
  readonly tags: Readonly<Record<string, string>>;
}

function validateIdentity(config: EnvironmentConfig): void {
  requireNamePrefix(config.namePrefix, 'namePrefix');
  requireThat(
    ENVIRONMENT_NAMES.includes(config.environment),
    'environment',
    `must be one of ${ENVIRONMENT_NAMES.join(', ')}, got "${config.environment}".`,
  );
  requireRegion(config.region, 'region');
  requireAccountId(config.accountId, 'accountId');
}

/**
 * Checks one environment's configuration and returns it unchanged, or throws a `ConfigError` naming the field.
 *
 * @example validateEnvironmentConfig(devConfig).azNames
 */
export function validateEnvironmentConfig(config: EnvironmentConfig): EnvironmentConfig {
  validateIdentity(config);
  validateNetwork(config);
  validateDatabase(config);
  validateProxyAndLambda(config);
  validateOperations(config);
  validateMonitoring(config);
  validateTimeBudget(config);
  return config;
}

/** Validates every environment, and that their VPC ranges don't overlap (so they can be peered or routed later). */
export function validateEnvironments<T extends Record<string, EnvironmentConfig>>(configs: T): T {
  const entries = Object.entries(configs);
  for (const [name, config] of entries) {
    try {
      validateEnvironmentConfig(config);
    } catch (error) {
      // Name the environment: breaking prod.ts must not read like breaking dev.ts.
      if (error instanceof ConfigError && !error.source) {
        throw new ConfigError(error.field, error.problem, `apps/infra/src/config/${name}.ts`);
      }
      throw error;
    }
    requireThat(
      config.environment === name,
      'environment',
      `is "${config.environment}" but the config is registered as "${name}".`,
    );
  }
  entries.forEach(([name, config], index) => {
    for (const [otherName, other] of entries.slice(index + 1)) {
      requireThat(
        !cidrsOverlap(parseCidr(config.vpcCidr)!, parseCidr(other.vpcCidr)!),
        'vpcCidr',
        `${otherName}'s ${other.vpcCidr} overlaps ${name}'s ${config.vpcCidr}; give each environment its own range.`,
      );
    }
  });
  return configs;
}
