import type { DbAuthConfig, DbClientConfig, DbTlsConfig } from './config';
import { anyRdsEndpointRoots, type TrustedRoots } from './trusted-roots';
import { DbConfigError } from './errors';

type Env = Readonly<Record<string, string | undefined>>;

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function required(env: Env, name: string, why: string): string {
  const value = optional(env, name);
  if (value === undefined) throw new DbConfigError(`${name} is required ${why}`);
  return value;
}

function integer(env: Env, name: string, min: number, max: number): number | undefined {
  const raw = optional(env, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new DbConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/**
 * Reads DB_TLS (enabled|disabled) and DB_TLS_CA_FILE. Returns undefined when neither is set (caller's default).
 * `enabled` verifies against `roots`, the certificates for what the caller connects to.
 *
 * @example
 * const config = dbClientConfigFromUrl(url, { tls: dbTlsConfigFromEnv(process.env, anyRdsEndpointRoots()) });
 */
export function dbTlsConfigFromEnv(env: Env, roots: TrustedRoots): DbTlsConfig | undefined {
  const mode = optional(env, 'DB_TLS');
  const caFile = optional(env, 'DB_TLS_CA_FILE');
  if (mode !== undefined && mode !== 'enabled' && mode !== 'disabled') {
    throw new DbConfigError(`DB_TLS must be "enabled" or "disabled", got "${mode}"`);
  }
  if (mode === 'disabled' && caFile)
    throw new DbConfigError('DB_TLS=disabled and DB_TLS_CA_FILE contradict each other');
  if (mode === 'disabled') return { mode: 'disabled' };
  if (caFile) return { mode: 'ca-file', caFile };
  return mode === 'enabled' ? { mode: 'verify', roots } : undefined;
}

function authFromEnv(env: Env): DbAuthConfig {
  const mode = optional(env, 'DB_AUTH_MODE') ?? 'secret';
  if (mode === 'secret') {
    return {
      mode,
      secretId: required(env, 'DB_SECRET_ARN', 'when DB_AUTH_MODE is "secret"'),
      cacheTtlSeconds: integer(env, 'SECRET_CACHE_TTL_SECONDS', 0, 86_400),
    };
  }
  if (mode === 'iam') {
    return {
      mode,
      user: required(env, 'DB_USER', 'when DB_AUTH_MODE is "iam"'),
      region: required(env, 'AWS_REGION', 'when DB_AUTH_MODE is "iam"'),
    };
  }
  throw new DbConfigError(`DB_AUTH_MODE must be "secret" or "iam", got "${mode}"`);
}

/**
 * Reads and validates the db-client settings of a Lambda environment. Throws a `DbConfigError` naming the first
 * missing or invalid variable. Variables: DB_AUTH_MODE (secret|iam), DB_SECRET_ARN, SECRET_CACHE_TTL_SECONDS,
 * DB_USER, AWS_REGION, DB_HOST, DB_PORT, DB_NAME, DB_TLS (enabled|disabled), DB_TLS_CA_FILE,
 * DB_CONNECT_TIMEOUT_MS, DB_QUERY_TIMEOUT_MS, DB_PROXY_IDLE_TIMEOUT_SECONDS. TLS verifies against `options.roots`
 * unless DB_TLS or DB_TLS_CA_FILE say otherwise.
 *
 * @example
 * const client = createDbClient({ ...dbClientConfigFromEnv(process.env, { roots: RDS_PROXY_ROOTS }), logger });
 */
export function dbClientConfigFromEnv(env: Env, options: { roots: TrustedRoots }): DbClientConfig {
  const auth = authFromEnv(env);
  const host = optional(env, 'DB_HOST');
  if (auth.mode === 'iam' && host === undefined) {
    throw new DbConfigError('DB_HOST is required when DB_AUTH_MODE is "iam"');
  }
  return {
    auth,
    host,
    port: integer(env, 'DB_PORT', 1, 65_535),
    database: optional(env, 'DB_NAME'),
    tls: dbTlsConfigFromEnv(env, options.roots) ?? { mode: 'verify', roots: options.roots },
    connectTimeoutMs: integer(env, 'DB_CONNECT_TIMEOUT_MS', 100, 60_000),
    queryTimeoutMs: integer(env, 'DB_QUERY_TIMEOUT_MS', 100, 900_000),
    proxyIdleTimeoutSeconds: integer(env, 'DB_PROXY_IDLE_TIMEOUT_SECONDS', 60, 28_800),
  };
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/**
 * Builds a config with fixed credentials from `mysql://user:password@host:port/database`. TLS defaults to the
 * roots of RDS Proxy and of RDS DB instances (`anyRdsEndpointRoots`), except for loopback hosts, where it defaults to off (the traffic never leaves the machine).
 * Pass `tls` to choose explicitly. The error for a bad URL never repeats the URL (it holds a password).
 *
 * @example
 * const client = createDbClient(dbClientConfigFromUrl('mysql://app:pw@127.0.0.1:3306/app'));
 */
export function dbClientConfigFromUrl(url: string, options: { tls?: DbTlsConfig } = {}): DbClientConfig {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DbConfigError('The MySQL URL is not a valid URL (expected mysql://user:password@host:port/database)');
  }
  if (parsed.protocol !== 'mysql:' || !parsed.hostname || !parsed.username) {
    throw new DbConfigError('The MySQL URL must look like mysql://user:password@host:port/database');
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  return {
    auth: {
      mode: 'password',
      user: decodeURIComponent(parsed.username),
      password: decodeURIComponent(parsed.password),
    },
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : undefined,
    database: database || undefined,
    tls:
      options.tls ??
      (LOOPBACK_HOSTS.has(parsed.hostname) ? { mode: 'disabled' } : { mode: 'verify', roots: anyRdsEndpointRoots() }),
  };
}
