// `npx nx run db:migrate`: applies the migrations to the database named by MYSQL_URL
// (mysql://user:password@host:port/database). TLS follows DB_TLS / DB_TLS_CA_FILE, else the URL's default.
import {
  anyRdsEndpointRoots,
  createDbClient,
  dbClientConfigFromUrl,
  dbTlsConfigFromEnv,
} from '@rds-platform/db-client';
import { runMigrations } from './index';

/** Where the migrations go, for the messages: host and port of the URL, never its user or password. */
let target = 'MYSQL_URL';

async function main(): Promise<void> {
  const url = process.env['MYSQL_URL'];
  if (!url) throw new Error('MYSQL_URL is required, e.g. MYSQL_URL=mysql://admin:password@127.0.0.1:3306/app');
  const config = dbClientConfigFromUrl(url, { tls: dbTlsConfigFromEnv(process.env, anyRdsEndpointRoots()) });
  target = `${config.host}:${config.port ?? 3306}`;
  const db = createDbClient({ ...config, queryTimeoutMs: 60_000 });
  try {
    const applied = await runMigrations((sql, params) => db.query(sql, params));
    console.log(applied.length ? `applied ${applied.join(', ')} on ${target}` : `schema on ${target} is up to date`);
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  // Our errors are written to be safe to print (no URL, no password).
  console.error(`migration on ${target} failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
