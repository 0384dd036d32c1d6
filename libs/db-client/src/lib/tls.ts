import { readFileSync } from 'node:fs';
import type { SslOptions } from 'mysql2';
import type { DbTlsConfig } from './config';
import { DbConfigError } from './errors';

/**
 * mysql2 `ssl` options for a TLS config. Certificates are always verified (rejectUnauthorized stays true); the
 * only way to skip verification is to turn TLS off, which is loud.
 */
export function sslOptions(tls: DbTlsConfig): SslOptions | undefined {
  switch (tls.mode) {
    case 'disabled':
      return undefined;
    case 'verify':
      return { ca: [...tls.roots.certificates], rejectUnauthorized: true };
    case 'ca-file': {
      let ca: string;
      try {
        ca = readFileSync(tls.caFile, 'utf8');
      } catch (error) {
        throw new DbConfigError(
          `DB_TLS_CA_FILE ${tls.caFile} cannot be read (${(error as NodeJS.ErrnoException).code})`,
        );
      }
      return { ca, rejectUnauthorized: true };
    }
  }
}
