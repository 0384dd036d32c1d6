import { engineLifecycleSupport } from './engine-version';
import { isPrivateBlock, parseCidr, subnetsFit } from './cidr';
import { requireInteger, requirePattern, requireThat } from './config-error';
import type { AlarmThresholds, EnvironmentConfig, ProxyConfig } from './environment-config';
import { maxConnections } from './max-connections';

// The checks per section of EnvironmentConfig; validateEnvironmentConfig (environment-config.ts) runs them in order.

/** The retention values CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** HTTP API integrations time out after at most 30 s: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html */
export const MAX_INTEGRATION_TIMEOUT_SECONDS = 30;

export function validateNetwork(config: EnvironmentConfig): void {
  const { azNames, region } = config;
  requireThat(
    Array.isArray(azNames) && azNames.length >= 2,
    'azNames',
    `needs at least 2 availability zones (RDS Multi-AZ, the proxy and the endpoint need two), got ${
      azNames?.length ?? 0
    }.`,
  );
  for (const az of azNames) {
    requireThat(
      /^[a-z]$/.test(az.slice(region.length)) && az.startsWith(region),
      'azNames',
      `"${az}" is not an AZ of ${region}.`,
    );
  }
  requireThat(
    new Set(azNames).size === azNames.length,
    'azNames',
    `lists an availability zone twice: ${azNames.join(', ')}.`,
  );
  const vpc = parseCidr(config.vpcCidr);
  requireThat(
    vpc !== undefined,
    'vpcCidr',
    `"${config.vpcCidr}" is not an IPv4 CIDR block with the host bits zero, like 10.0.0.0/16.`,
  );
  requireThat(
    isPrivateBlock(vpc!),
    'vpcCidr',
    `${config.vpcCidr} is not private address space: use RFC 1918 (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) or RFC 6598 (100.64.0.0/10).`,
  );
  requireThat(
    vpc!.prefixLength >= 16 && subnetsFit(vpc!.prefixLength, azNames.length),
    'vpcCidr',
    `${config.vpcCidr} must be /16 or smaller and large enough for 3 tiers x ${azNames.length} AZs of /28 subnets.`,
  );
}

export function validateDatabase(config: EnvironmentConfig): void {
  const { database } = config;
  requirePattern(
    database.instanceClass,
    'database.instanceClass',
    /^db\.[a-z0-9]+\.[a-z0-9]+$/,
    'an RDS instance class such as db.t4g.micro',
  );
  requireInteger(database.allocatedStorageGb, 'database.allocatedStorageGb', 20, 65536);
  requireThat(
    database.maxAllocatedStorageGb >= database.allocatedStorageGb && database.maxAllocatedStorageGb <= 65536,
    'database.maxAllocatedStorageGb',
    `must be from allocatedStorageGb (${database.allocatedStorageGb}) to 65536, got ${database.maxAllocatedStorageGb}.`,
  );
  engineLifecycleSupport(database.engineVersion, database.extendedSupport);
  requireInteger(database.backupRetentionDays, 'database.backupRetentionDays', 1, 35);
  requirePattern(
    database.databaseName,
    'database.databaseName',
    /^[A-Za-z][A-Za-z0-9_]{0,63}$/,
    'a MySQL database name (letter first, then letters, digits, _)',
  );
  requirePattern(
    database.appUsername,
    'database.appUsername',
    /^[A-Za-z][A-Za-z0-9_]{0,31}$/,
    'a MySQL user name of at most 32 characters',
  );
  if (config.environment === 'prod') {
    requireThat(
      database.multiAz,
      'database.multiAz',
      'must be true in prod: a single-AZ instance has no standby to fail over to.',
    );
    requireThat(database.deletionProtection, 'database.deletionProtection', 'must be true in prod.');
    requireThat(
      database.backupRetentionDays >= 7,
      'database.backupRetentionDays',
      `must be at least 7 in prod, got ${database.backupRetentionDays}.`,
    );
  }
}

/**
 * The proxy's pool, in AWS's documented ranges (ConnectionPoolConfiguration): MaxConnectionsPercent 1-100,
 * MaxIdleConnectionsPercent 0 to MaxConnectionsPercent.
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ConnectionPoolConfiguration.html
 */
export function validateProxyPool(
  pool: Pick<ProxyConfig, 'maxConnectionsPercent' | 'maxIdleConnectionsPercent'>,
): void {
  requireInteger(pool.maxConnectionsPercent, 'proxy.maxConnectionsPercent', 1, 100);
  requireInteger(pool.maxIdleConnectionsPercent, 'proxy.maxIdleConnectionsPercent', 0, pool.maxConnectionsPercent);
}

/** AWS accepts an idle client timeout from 1 second to 8 hours (DBProxy IdleClientTimeout). */
export function validateIdleClientTimeout(seconds: number): void {
  requireInteger(seconds, 'proxy.idleClientTimeoutSeconds', 1, 28800);
}

/**
 * AWS accepts a borrow timeout of 0-3600 s, 0 meaning no wait limit; ours must end below the caller's timeout, or
 * callers time out before the proxy answers, so it is 1 s up to one second below it.
 */
export function validateBorrowTimeout(seconds: number, callerTimeoutSeconds: number): void {
  requireInteger(
    seconds,
    'proxy.connectionBorrowTimeoutSeconds',
    1,
    Math.min(3600, callerTimeoutSeconds - 1),
    `one second below lambda.timeoutSeconds = ${callerTimeoutSeconds}`,
  );
}

/**
 * DB connections one API container holds: db-client keeps a single connection per container and reuses it
 * (libs/db-client, ConnectionHolder), and the handler builds one client per container.
 */
export const API_DB_CONNECTIONS_PER_CONTAINER = 1;

/**
 * The proxy's pool for the API at full concurrency: the pool is at most MaxConnectionsPercent of the instance's
 * max_connections ("the maximum size of the connection pool for each target in a target group", as a percentage of
 * max_connections: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-connections.html#rds-proxy-connection-pooling-tuning.maxconnectionspercent),
 * and max_connections is the number our parameter group sets for the class (max-connections.ts). Every container of
 * the API's reserved concurrency may be in a request at once, each needing its DB connections from that pool; above
 * it, requests wait for the borrow timeout and fail with 503 however healthy the database is. AWS does not say how
 * the percentage is rounded: the budget rounds it down, the smaller pool.
 */
export function connectionBudget(config: EnvironmentConfig): { needed: number; pool: number; maxConnections: number } {
  const max = maxConnections(config.database.instanceClass);
  return {
    needed: config.lambda.reservedConcurrency * API_DB_CONNECTIONS_PER_CONTAINER,
    pool: Math.floor((max * config.proxy.maxConnectionsPercent) / 100),
    maxConnections: max,
  };
}

export function validateConnectionBudget(config: EnvironmentConfig): void {
  const { needed, pool, maxConnections: max } = connectionBudget(config);
  const { lambda, proxy, database } = config;
  requireThat(
    needed <= pool,
    'lambda.reservedConcurrency',
    `${lambda.reservedConcurrency} containers x ${API_DB_CONNECTIONS_PER_CONTAINER} DB connection each = ${needed} ` +
      `connections do not fit in the proxy's pool: proxy.maxConnectionsPercent ${proxy.maxConnectionsPercent} % of ` +
      `max_connections ${max} (${database.instanceClass}) = ${pool}. Lower the reserved concurrency, or raise ` +
      `proxy.maxConnectionsPercent or the instance class.`,
  );
}

export function validateProxyAndLambda(config: EnvironmentConfig): void {
  const { proxy, lambda, api } = config;
  validateProxyPool(proxy);
  validateIdleClientTimeout(proxy.idleClientTimeoutSeconds);
  requireInteger(lambda.memoryMb, 'lambda.memoryMb', 128, 10240);
  requireInteger(lambda.timeoutSeconds, 'lambda.timeoutSeconds', 1, 900);
  requireInteger(lambda.reservedConcurrency, 'lambda.reservedConcurrency', 1, 1000);
  validateConnectionBudget(config);
  requireInteger(api.integrationTimeoutSeconds, 'api.integrationTimeoutSeconds', 1, MAX_INTEGRATION_TIMEOUT_SECONDS);
  requireThat(
    lambda.timeoutSeconds < api.integrationTimeoutSeconds,
    'lambda.timeoutSeconds',
    `(${lambda.timeoutSeconds}) must be below api.integrationTimeoutSeconds (${api.integrationTimeoutSeconds}) so the function, not the API, reports a timeout.`,
  );
  validateBorrowTimeout(proxy.connectionBorrowTimeoutSeconds, lambda.timeoutSeconds);
  requireInteger(api.throttlingBurstLimit, 'api.throttlingBurstLimit', 1, 5000);

  requireThat(
    api.throttlingRateLimit > 0 && api.throttlingRateLimit <= 10000,
    'api.throttlingRateLimit',
    `must be above 0 and at most 10000, got ${api.throttlingRateLimit}.`,
  );
  // Each concurrent request holds one container and one proxy connection: anonymous bursts may take half at most.
  requireInteger(
    api.publicRouteThrottlingBurstLimit,
    'api.publicRouteThrottlingBurstLimit',
    1,
    Math.min(api.throttlingBurstLimit, Math.floor(lambda.reservedConcurrency / 2)),
    `half of lambda.reservedConcurrency = ${lambda.reservedConcurrency}, and not above the stage's burst`,
  );
  requireThat(
    api.publicRouteThrottlingRateLimit > 0 && api.publicRouteThrottlingRateLimit <= api.throttlingRateLimit,
    'api.publicRouteThrottlingRateLimit',
    `must be above 0 and at most api.throttlingRateLimit (${api.throttlingRateLimit}), got ${api.publicRouteThrottlingRateLimit}.`,
  );
}

export function validateOperations(config: EnvironmentConfig): void {
  requireThat(
    config.authMode === 'secret' || config.authMode === 'iam',
    'authMode',
    `must be "secret" or "iam", got "${config.authMode}".`,
  );
  requireThat(
    (LOG_RETENTION_DAYS as readonly number[]).includes(config.logRetentionDays),
    'logRetentionDays',
    `must be a value CloudWatch Logs accepts (${LOG_RETENTION_DAYS.join(', ')}), got ${config.logRetentionDays}.`,
  );
  requireInteger(config.rotation.automaticallyAfterDays, 'rotation.automaticallyAfterDays', 1, 1000);
  requireInteger(config.rotation.reservedConcurrency, 'rotation.reservedConcurrency', 1, 5);
  for (const [key, value] of Object.entries(config.tags)) {
    requireThat(
      key.length >= 1 && key.length <= 128 && !key.startsWith('aws:'),
      'tags',
      `key "${key}" must be 1-128 characters and not start with "aws:".`,
    );
    requireThat(
      typeof value === 'string' && value.length <= 256,
      'tags',
      `value of "${key}" must be a string of at most 256 characters.`,
    );
  }
}

/** The alarm thresholds every environment starts from (see AlarmThresholds for what each means). */
export const DEFAULT_ALARM_THRESHOLDS: AlarmThresholds = {
  dbCpuPercent: 80,
  dbFreeableMemoryPercent: 10,
  dbFreeStoragePercent: 10,
  dbConnectionsPercent: 80,
  proxyAuthFailures: 5,
  proxyTargetAvailabilityPercent: 90,
  proxyDbConnectionFailures: 5,
  proxyBorrowLatencyMs: 500,
  lambdaErrors: 1,
  lambdaDurationPercentOfTimeout: 80,
  lambdaConcurrencyPercentOfReserved: 80,
  api5xx: 5,
  apiLatencyP99Ms: 3000,
  credentialRefreshesForced: 10,
  dbRetries: 10,
};

/** https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Monitoring.OS.Enabling.html */
export const ENHANCED_MONITORING_INTERVALS = [0, 1, 5, 10, 15, 30, 60] as const;

const PERCENT_THRESHOLDS = [
  'dbCpuPercent',
  'dbFreeableMemoryPercent',
  'dbFreeStoragePercent',
  'dbConnectionsPercent',
  'lambdaDurationPercentOfTimeout',
  'lambdaConcurrencyPercentOfReserved',
  'proxyTargetAvailabilityPercent',
] as const;
const COUNT_THRESHOLDS = [
  'proxyAuthFailures',
  'proxyDbConnectionFailures',
  'lambdaErrors',
  'api5xx',
  'credentialRefreshesForced',
  'dbRetries',
] as const;

export function validateMonitoring(config: EnvironmentConfig): void {
  const { monitoring } = config;
  for (const field of PERCENT_THRESHOLDS) {
    requireInteger(monitoring.alarms[field], `monitoring.alarms.${field}`, 1, 100);
  }
  for (const field of COUNT_THRESHOLDS) {
    requireInteger(monitoring.alarms[field], `monitoring.alarms.${field}`, 1, 100000);
  }
  // The DB connections alarm fires above this share of max_connections: at 100 % it could never fire.
  requireInteger(
    monitoring.alarms.dbConnectionsPercent,
    'monitoring.alarms.dbConnectionsPercent',
    1,
    99,
    'the alarm fires above this share of max_connections, which MySQL never exceeds',
  );
  requireInteger(monitoring.alarms.proxyBorrowLatencyMs, 'monitoring.alarms.proxyBorrowLatencyMs', 1, 3600000);
  requireInteger(monitoring.alarms.apiLatencyP99Ms, 'monitoring.alarms.apiLatencyP99Ms', 1, 30000);
  requireThat(
    (ENHANCED_MONITORING_INTERVALS as readonly number[]).includes(monitoring.enhancedMonitoringIntervalSeconds),
    'monitoring.enhancedMonitoringIntervalSeconds',
    `must be one of ${ENHANCED_MONITORING_INTERVALS.join(', ')}, got ${monitoring.enhancedMonitoringIntervalSeconds}.`,
  );
  for (const email of monitoring.alertEmails) {
    requireThat(
      /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email),
      'monitoring.alertEmails',
      `"${email}" is not an e-mail address.`,
    );
  }
  for (const url of monitoring.alertHttpsEndpoints) {
    requireThat(
      /^https:\/\/[^\s/]+/.test(url),
      'monitoring.alertHttpsEndpoints',
      `"${url}" must be an https:// URL (SNS would send alerts in clear text to http://).`,
    );
  }
  // An environment whose alerts reach nobody is not production: prod needs a subscriber.
  requireThat(
    config.environment !== 'prod' || monitoring.alertEmails.length + monitoring.alertHttpsEndpoints.length > 0,
    'monitoring.alertEmails',
    'prod needs at least one subscriber (an e-mail address or an HTTPS endpoint): every alarm would page nobody.',
  );
  requireThat(
    !monitoring.failoverDrill || config.database.multiAz,
    'monitoring.failoverDrill',
    'needs database.multiAz: a single-AZ instance has no standby to fail over to.',
  );
}
