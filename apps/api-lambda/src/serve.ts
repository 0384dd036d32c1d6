// `npx nx serve api-lambda`: the built handler on http://127.0.0.1:PORT (PORT, default 3000), against MYSQL_URL or a
// throwaway MariaDB; RDS_PROXY_LOCAL=1 puts the local RDS Proxy stand-in between them. Stops (and deletes the
// throwaway server) on Ctrl-C.
import { startLocalServer } from './local-server';

async function main(): Promise<void> {
  const port = process.env['PORT'] === undefined ? 3000 : Number(process.env['PORT']);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be a port number, got ${port}`);
  const mysqlUrl = process.env['MYSQL_URL'] || undefined;
  if (!mysqlUrl) console.log('MYSQL_URL is not set: starting a throwaway MariaDB and applying the migrations...');
  const proxy = ['1', 'true'].includes(process.env['RDS_PROXY_LOCAL'] ?? '') ? {} : undefined;
  const local = await startLocalServer({ port, mysqlUrl, proxy });
  console.log(`database: ${local.databaseDescription}`);
  if (local.proxy) {
    console.log(`through the RDS Proxy stand-in at ${local.proxy.address}: curl ${local.proxy.metricsUrl}`);
  }
  console.log(`api-lambda is serving ${local.url}`);
  console.log(`try: curl ${local.url}/time`);
  const stop = () => {
    local.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`serve failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
