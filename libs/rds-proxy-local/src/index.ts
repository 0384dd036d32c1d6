// The stand-in for RDS Proxy as a library, so any spec can run it in-process:
// `const proxy = await startRdsProxyLocal({ target, secretFile })`. The `rds-proxy-local` bin (apps/rds-proxy-local)
// is its command line. Specs that want its throwaway MariaDB and secret file too import
// `@rds-platform/rds-proxy-local/testing`.
export { startRdsProxyLocal, type RdsProxyLocal, type RdsProxyLocalOptions } from './lib/proxy';
export type { ProxyMetrics } from './lib/metrics';
export { analyseQuery, type PinningCondition } from './lib/pinning';
export { parseCommandLine, USAGE, type ParsedCommandLine } from './lib/options';
