import { readFileSync } from 'node:fs';
import type { SslOptions } from 'mysql2';
import type { DbTlsConfig } from './config';
import { DbConfigError } from './errors';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * The CA list for Node's TLS, never empty: Node reads a missing or empty `ca` as "trust the default root store"
 * (Mozilla's roots plus NODE_EXTRA_CA_CERTS: https://nodejs.org/api/tls.html#tlscreatesecurecontextoptions), which
 * would accept any publicly trusted certificate for the name instead of the roots we chose.
 */
function nonEmptyCaList(certificates: readonly string[], where: string): string[] {
  const pems = certificates.flatMap((text) => text.match(PEM_CERTIFICATE) ?? []);
  if (pems.length === 0) throw new DbConfigError(`${where} holds no PEM certificate: TLS would trust any public CA`);
  return pems;
}

/**
 * mysql2 `ssl` options for a TLS config. Certificates are always verified (rejectUnauthorized stays true) against
 * at least one root we chose; the only way to skip verification is to turn TLS off, which is loud.
 */
export function sslOptions(tls: DbTlsConfig): SslOptions | undefined {
  switch (tls.mode) {
    case 'disabled':
      return undefined;
    case 'verify':
      return {
        ca: nonEmptyCaList(tls.roots.certificates, `The trusted roots "${tls.roots.name}"`),
        rejectUnauthorized: true,
      };
    case 'ca-file': {
      let ca: string;
      try {
        ca = readFileSync(tls.caFile, 'utf8');
      } catch (error) {
        throw new DbConfigError(
          `DB_TLS_CA_FILE ${tls.caFile} cannot be read (${(error as NodeJS.ErrnoException).code})`,
        );
      }
      return { ca: nonEmptyCaList([ca], `DB_TLS_CA_FILE ${tls.caFile}`), rejectUnauthorized: true };
    }
  }
}
