import { cidrsOverlap, parseCidr, subnetsFit } from './cidr';

export type EnvironmentName = 'dev' | 'prod';
export const ENVIRONMENT_NAMES: readonly EnvironmentName[] = ['dev', 'prod'];

/** How the API Lambda authenticates to the proxy: a Secrets Manager secret, or an IAM auth token. */
export type AuthMode = 'secret' | 'iam';

export interface DatabaseConfig {
  readonly instanceClass: string;
  readonly allocatedStorageGb: number;
  readonly maxAllocatedStorageGb: number;
  readonly engineVersion: string;
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
  readonly timeoutSeconds: number;
  readonly reservedConcurrency: number;
}

export interface ApiConfig {
  readonly throttlingBurstLimit: number;
  readonly throttlingRateLimit: number;
  /** HTTP API integrations time out after at most 30 s. */
  readonly integrationTimeoutSeconds: number;
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
  readonly rotation: { readonly automaticallyAfterDays: number };
  readonly tags: Readonly<Record<string, string>>;
}

/** A configuration mistake; the message is one sentence that starts with the field's path. */
export class ConfigError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
    this.name = 'ConfigError';
  }
}

/** The retention values CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const MAX_HTTP_API_INTEGRATION_TIMEOUT_SECONDS = 30;

function requireThat(condition: boolean, field: string, problem: string): void {
  if (!condition) throw new ConfigError(field, problem);
}

function requireInteger(value: number, field: string, min: number, max: number): void {
  requireThat(
    Number.isInteger(value) && value >= min && value <= max,
    field,
    `must be a whole number from ${min} to ${max}, got ${value}.`,
  );
}

function requirePattern(value: string, field: string, pattern: RegExp, expected: string): void {
  requireThat(typeof value === 'string' && pattern.test(value), field, `must be ${expected}, got "${value}".`);
}

function validateIdentity(config: EnvironmentConfig): void {
  requirePattern(config.namePrefix, 'namePrefix', /^[a-z][a-z0-9-]{1,18}[a-z0-9]$/, '3-20 lowercase letters, digits or hyphens');
  requireThat(
    ENVIRONMENT_NAMES.includes(config.environment),
    'environment',
    `must be one of ${ENVIRONMENT_NAMES.join(', ')}, got "${config.environment}".`,
  );
  requirePattern(config.region, 'region', /^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'an AWS region name such as ap-northeast-2');
  requirePattern(config.accountId, 'accountId', /^\d{12}$/, 'a 12-digit AWS account id');
}

function validateNetwork(config: EnvironmentConfig): void {
  const { azNames, region } = config;
  requireThat(
    Array.isArray(azNames) && azNames.length >= 2,
    'azNames',
    `needs at least 2 availability zones (RDS Multi-AZ, the proxy and the endpoint need two), got ${azNames?.length ?? 0}.`,
  );
  for (const az of azNames) {
    requireThat(/^[a-z]$/.test(az.slice(region.length)) && az.startsWith(region), 'azNames', `"${az}" is not an AZ of ${region}.`);
  }
  requireThat(new Set(azNames).size === azNames.length, 'azNames', `lists an availability zone twice: ${azNames.join(', ')}.`);
  const vpc = parseCidr(config.vpcCidr);
  requireThat(vpc !== undefined, 'vpcCidr', `"${config.vpcCidr}" is not an IPv4 CIDR block with the host bits zero, like 10.0.0.0/16.`);
  requireThat(
    vpc!.prefixLength >= 16 && subnetsFit(vpc!.prefixLength, azNames.length),
    'vpcCidr',
    `${config.vpcCidr} must be /16 or smaller and large enough for 3 tiers x ${azNames.length} AZs of /28 subnets.`,
  );
}

function validateDatabase(config: EnvironmentConfig): void {
  const { database } = config;
  requirePattern(database.instanceClass, 'database.instanceClass', /^db\.[a-z0-9]+\.[a-z0-9]+$/, 'an RDS instance class such as db.t4g.micro');
  requireInteger(database.allocatedStorageGb, 'database.allocatedStorageGb', 20, 65536);
  requireThat(
    database.maxAllocatedStorageGb >= database.allocatedStorageGb && database.maxAllocatedStorageGb <= 65536,
    'database.maxAllocatedStorageGb',
    `must be from allocatedStorageGb (${database.allocatedStorageGb}) to 65536, got ${database.maxAllocatedStorageGb}.`,
  );
  requirePattern(database.engineVersion, 'database.engineVersion', /^8\.0(\.\d+)?$/, 'a MySQL 8.0 version such as 8.0');
  requireInteger(database.backupRetentionDays, 'database.backupRetentionDays', 1, 35);
  requirePattern(database.databaseName, 'database.databaseName', /^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'a MySQL database name (letter first, then letters, digits, _)');
  requirePattern(database.appUsername, 'database.appUsername', /^[A-Za-z][A-Za-z0-9_]{0,31}$/, 'a MySQL user name of at most 32 characters');
  if (config.environment === 'prod') {
    requireThat(database.multiAz, 'database.multiAz', 'must be true in prod: a single-AZ instance has no standby to fail over to.');
    requireThat(database.deletionProtection, 'database.deletionProtection', 'must be true in prod.');
    requireThat(database.backupRetentionDays >= 7, 'database.backupRetentionDays', `must be at least 7 in prod, got ${database.backupRetentionDays}.`);
  }
}

function validateProxyAndLambda(config: EnvironmentConfig): void {
  const { proxy, lambda, api } = config;
  requireInteger(proxy.maxConnectionsPercent, 'proxy.maxConnectionsPercent', 1, 100);
  requireInteger(proxy.maxIdleConnectionsPercent, 'proxy.maxIdleConnectionsPercent', 0, proxy.maxConnectionsPercent);
  requireInteger(proxy.idleClientTimeoutSeconds, 'proxy.idleClientTimeoutSeconds', 1, 28800);
  requireInteger(lambda.memoryMb, 'lambda.memoryMb', 128, 10240);
  requireInteger(lambda.timeoutSeconds, 'lambda.timeoutSeconds', 1, 900);
  requireInteger(lambda.reservedConcurrency, 'lambda.reservedConcurrency', 1, 1000);
  requireInteger(api.integrationTimeoutSeconds, 'api.integrationTimeoutSeconds', 1, MAX_HTTP_API_INTEGRATION_TIMEOUT_SECONDS);
  requireThat(
    lambda.timeoutSeconds < api.integrationTimeoutSeconds,
    'lambda.timeoutSeconds',
    `(${lambda.timeoutSeconds}) must be below api.integrationTimeoutSeconds (${api.integrationTimeoutSeconds}) so the function, not the API, reports a timeout.`,
  );
  requireThat(
    Number.isInteger(proxy.connectionBorrowTimeoutSeconds) &&
      proxy.connectionBorrowTimeoutSeconds >= 1 &&
      proxy.connectionBorrowTimeoutSeconds < lambda.timeoutSeconds,
    'proxy.connectionBorrowTimeoutSeconds',
    `must be a whole number from 1 to below lambda.timeoutSeconds (${lambda.timeoutSeconds}), got ${proxy.connectionBorrowTimeoutSeconds}.`,
  );
  requireInteger(api.throttlingBurstLimit, 'api.throttlingBurstLimit', 1, 5000);
  requireThat(api.throttlingRateLimit > 0 && api.throttlingRateLimit <= 10000, 'api.throttlingRateLimit', `must be above 0 and at most 10000, got ${api.throttlingRateLimit}.`);
}

function validateOperations(config: EnvironmentConfig): void {
  requireThat(config.authMode === 'secret' || config.authMode === 'iam', 'authMode', `must be "secret" or "iam", got "${config.authMode}".`);
  requireThat(
    (LOG_RETENTION_DAYS as readonly number[]).includes(config.logRetentionDays),
    'logRetentionDays',
    `must be a value CloudWatch Logs accepts (${LOG_RETENTION_DAYS.join(', ')}), got ${config.logRetentionDays}.`,
  );
  requireInteger(config.rotation.automaticallyAfterDays, 'rotation.automaticallyAfterDays', 1, 1000);
  for (const [key, value] of Object.entries(config.tags)) {
    requireThat(key.length >= 1 && key.length <= 128 && !key.startsWith('aws:'), 'tags', `key "${key}" must be 1-128 characters and not start with "aws:".`);
    requireThat(typeof value === 'string' && value.length <= 256, 'tags', `value of "${key}" must be a string of at most 256 characters.`);
  }
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
  return config;
}

/** Validates every environment, and that their VPC ranges don't overlap (so they can be peered or routed later). */
export function validateEnvironments<T extends Record<string, EnvironmentConfig>>(configs: T): T {
  const entries = Object.entries(configs);
  for (const [name, config] of entries) {
    validateEnvironmentConfig(config);
    requireThat(config.environment === name, 'environment', `is "${config.environment}" but the config is registered as "${name}".`);
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
