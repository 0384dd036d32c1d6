/**
 * @rds-platform/db-client: one reused, TLS-verified MySQL connection per Lambda container, with credentials from
 * Secrets Manager (cached, rotation-safe) or IAM tokens, and typed errors that never carry a secret.
 */
import type { DbClientConfig } from './lib/config';
import { createDbClientWith, type DbClient } from './lib/client';

export type { DbAuthConfig, DbClientConfig, DbClientLogger, DbClientObserver, DbTlsConfig } from './lib/config';
export type { DbClient, QueryOptions, WriteResult } from './lib/client';
export { DbAuthError, DbConfigError, DbError, DbQueryError, DbUnavailableError } from './lib/errors';
export { DATABASE_DID_NOT_ANSWER_CODES } from './lib/driver-errors';
export {
  databaseSecretPort,
  DatabaseSecretError,
  parseDatabaseSecret,
  type DatabaseSecret,
  type ParseDatabaseSecretOptions,
} from './lib/database-secret';
export { dbClientConfigFromEnv, dbClientConfigFromUrl, dbTlsConfigFromEnv } from './lib/env-config';
export { anyRdsEndpointRoots, RDS_INSTANCE_ROOTS, RDS_PROXY_ROOTS, type TrustedRoots } from './lib/trusted-roots';

/**
 * Creates a client. Nothing is fetched or connected until the first `query`, so it is safe to call at module load.
 * Throws `DbConfigError` at once for a config that can never work (e.g. IAM mode without a host).
 *
 * @example
 * import { createDbClient, dbClientConfigFromEnv, DbUnavailableError } from '@rds-platform/db-client';
 *
 * const db = createDbClient(dbClientConfigFromEnv(process.env, { roots: RDS_PROXY_ROOTS }));
 * const [row] = await db.query<{ now: Date }[]>('SELECT UTC_TIMESTAMP(3) AS now');
 *
 * @example
 * // Explicit values, e.g. from a command line:
 * const db = createDbClient({ auth: { mode: 'secret', secretId: arn }, host: 'proxy.example',
 *   tls: { mode: 'verify', roots: RDS_PROXY_ROOTS } });
 */
export function createDbClient(config: DbClientConfig): DbClient {
  return createDbClientWith(config);
}
