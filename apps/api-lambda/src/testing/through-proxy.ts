// The local RDS Proxy stand-in (libs/rds-proxy-local) between the handler and the API fixture's MariaDB, as in AWS:
// Lambda -> RDS Proxy -> RDS. The handler verifies the proxy's certificate against the throwaway CA (the server's own
// certificate serves the proxy too), the proxy logs in to MariaDB with the secret as Secrets Manager holds it and
// speaks TLS to it, and the proxy-side numbers are read back from its `GET /metrics`, as CloudWatch would have them.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import {
  startRdsProxyLocal,
  type ProxyMetrics,
  type RdsProxyLocal,
  type RdsProxyLocalOptions,
} from '@rds-platform/rds-proxy-local';
import type { Handler } from '../handler';
import type { ApiFixture } from './spec-fixture';

export interface ProxyInFront {
  readonly proxy: RdsProxyLocal;
  /** Every line the proxy logged (listening, pinning events). */
  readonly logLines: readonly string[];
  /** The lines naming a pinning event, in the proxy's wording ("was pinned to the database connection"). */
  pinLogLines(): string[];
  /** `GET /metrics`, the JSON object keyed by the CloudWatch names. */
  metrics(): Promise<ProxyMetrics>;
  /** A handler for a fresh container whose DB_HOST/DB_PORT are the proxy's. */
  handler(overrides?: Record<string, string>): { handler: Handler; metrics: Metrics };
  close(): Promise<void>;
}

export type ProxyInFrontOptions = Omit<RdsProxyLocalOptions, 'target' | 'secretFile' | 'metrics' | 'log' | 'tls'>;

export async function startProxyInFront(fixture: ApiFixture, options: ProxyInFrontOptions = {}): Promise<ProxyInFront> {
  const { server } = fixture;
  const dir = mkdtempSync(path.join(tmpdir(), 'api-through-proxy-'));
  const secretFile = path.join(dir, 'secret.json');
  // The proxy's secret is the one the handler fetches (same user, password and schema), plus where the DB is.
  const secret = JSON.parse(fixture.secrets.currentValue(fixture.secretArn) as string) as Record<string, unknown>;
  writeFileSync(secretFile, JSON.stringify({ ...secret, host: server.host, port: server.port }));
  const caDir = path.dirname(server.caFile as string);
  const logLines: string[] = [];
  const proxy = await startRdsProxyLocal({
    ...options,
    target: { host: server.host, port: server.port },
    secretFile,
    metrics: { host: '127.0.0.1', port: 0 },
    tls: {
      cert: readFileSync(path.join(caDir, 'server-cert.pem')),
      key: readFileSync(path.join(caDir, 'server-key.pem')),
    },
    targetCa: options.targetCa ?? readFileSync(server.caFile as string),
    log: (line) => logLines.push(line),
  });
  return {
    proxy,
    logLines,
    pinLogLines: () => logLines.filter((line) => /pinned/i.test(line)),
    async metrics() {
      const response = await fetch(proxy.metricsUrl as string);
      if (!response.ok) throw new Error(`GET ${proxy.metricsUrl} answered ${response.status}`);
      return (await response.json()) as ProxyMetrics;
    },
    handler: (overrides = {}) => fixture.handler({ DB_HOST: proxy.host, DB_PORT: String(proxy.port), ...overrides }),
    async close() {
      await proxy.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
