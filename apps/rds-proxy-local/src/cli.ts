#!/usr/bin/env node
// Entry point: `npx rds-proxy-local --listen HOST:PORT --target HOST:PORT --secret-file PATH [options]`.
import { parseCommandLine, startRdsProxyLocal, USAGE } from '@rds-platform/rds-proxy-local';

const parsed = parseCommandLine(process.argv.slice(2));
if (parsed.kind === 'help') {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (parsed.kind === 'invalid') {
  // Usage errors: one line, exit 2 (the contract other tools drive).
  process.stderr.write(`rds-proxy-local: ${parsed.message} (see --help)\n`);
  process.exit(2);
}
const { options } = parsed;
startRdsProxyLocal(options).then(
  (proxy) => {
    const metrics = proxy.metricsUrl ? `, metrics at ${proxy.metricsUrl}` : '';
    process.stdout.write(
      `rds-proxy-local listening on ${proxy.host}:${proxy.port} -> ${options.target.host}:${options.target.port}` +
        ` (max ${proxy.metrics().MaxDatabaseConnectionsAllowed} DB connections${metrics})\n`,
    );
    const stop = () => {
      proxy.close().then(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  },
  (error: unknown) => {
    process.stderr.write(`rds-proxy-local: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
