// For specs that run the stand-in in-process: `const proxy = await startRdsProxyLocal({ target, secretFile })`.
export { startRdsProxyLocal, type RdsProxyLocal, type RdsProxyLocalOptions } from './proxy';
export type { ProxyMetrics } from './metrics';
export { analyseQuery, type PinningCondition } from './pinning';
