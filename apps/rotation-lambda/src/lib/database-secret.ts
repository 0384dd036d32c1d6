import { databaseSecretPort, DatabaseSecretError, parseDatabaseSecret as parseSecret } from '@rds-platform/db-client';
import type { DatabaseSecret as AnyDatabaseSecret } from '@rds-platform/db-client';
import { CredentialsConfigurationError } from './errors';

/** A secret this Lambda can rotate: the shared shape with `engine` = mysql and the instance's `host` required. */
export type DatabaseSecret = AnyDatabaseSecret & { readonly engine: 'mysql'; readonly host: string };

export const DEFAULT_MYSQL_PORT = 3306;

/**
 * Parses with db-client's rules (the same the API applies), requiring engine and host. The error names the offending
 * key and never echoes a value; `stage` (e.g. "AWSPENDING") says which version it is about.
 */
export function parseDatabaseSecret(secretString: string | undefined, stage: string): DatabaseSecret {
  try {
    return parseSecret(secretString, {
      label: `The ${stage} secret`,
      requireEngine: 'mysql',
      requireHost: true,
    }) as DatabaseSecret;
  } catch (error) {
    if (error instanceof DatabaseSecretError) throw new CredentialsConfigurationError(error.message);
    throw error;
  }
}

/** The port a secret points at: its `port` key (a number or numeric string) or MySQL's default. */
export function secretPort(secret: DatabaseSecret): number {
  return databaseSecretPort(secret) ?? DEFAULT_MYSQL_PORT;
}
