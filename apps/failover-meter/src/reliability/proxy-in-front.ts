// The reliability suite's handler behind the local RDS Proxy stand-in (libs/rds-proxy-local), as in AWS:
// Lambda -> RDS Proxy -> RDS. The handler's DB_HOST/DB_PORT are the proxy's and it verifies the proxy's certificate
// against the throwaway CA (the proxy offers the DB's own certificate, IP:127.0.0.1); the proxy logs in to MariaDB
// with the API's secret as the Secrets Manager stand-in holds it
// (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-secrets-arns.html) and speaks TLS to it.
// The proxy-side numbers are read from its `GET /metrics`, under the CloudWatch names
// (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.monitoring.html).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startRdsProxyLocal, type ProxyMetrics, type RdsProxyLocal } from '@rds-platform/rds-proxy-local';
import type { ApiUnderTest, ReliabilityEnvironment } from './local-api';

export interface ApiThroughProxy {
  readonly api: ApiUnderTest;
  readonly proxy: RdsProxyLocal;
  /** The lines naming a pinning event, in the proxy's wording ("was pinned to the database connection"). */
  pinLogLines(): string[];
  /** `GET /metrics`, the JSON object keyed by the CloudWatch names. */
  metrics(): Promise<ProxyMetrics>;
  /** Samples `GET /metrics` every few milliseconds until `stop`, and answers the highest value seen of each name. */
  sample(): { stop(): Promise<ProxyMetrics> };
  close(): Promise<void>;
}

/** A free loopback port, so the handler can be told where the proxy will listen before its secret exists. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startApiThroughProxy(
  environment: ReliabilityEnvironment,
  name: string,
  options: { maxDbConnections: number; borrowTimeoutMs: number },
): Promise<ApiThroughProxy> {
  const { mariaDb, secrets } = environment;
  const caFile = mariaDb.caFile as string;
  const port = await freePort();
  // The handler starts cold: it connects on its first request, by which time the proxy below listens.
  const api = await environment.startApi(name, { dbPort: port });
  const dir = mkdtempSync(path.join(tmpdir(), 'meter-through-proxy-'));
  const secretFile = path.join(dir, 'secret.json');
  writeFileSync(secretFile, secrets.currentValue(api.secretArn) as string);
  const logLines: string[] = [];
  const proxy = await startRdsProxyLocal({
    ...options,
    listen: { host: '127.0.0.1', port },
    target: { host: mariaDb.host, port: mariaDb.port },
    secretFile,
    metrics: { host: '127.0.0.1', port: 0 },
    tls: {
      cert: readFileSync(path.join(path.dirname(caFile), 'server-cert.pem')),
      key: readFileSync(path.join(path.dirname(caFile), 'server-key.pem')),
    },
    targetCa: readFileSync(caFile),
    log: (line) => logLines.push(line),
  });
  const metrics = async () => {
    const response = await fetch(proxy.metricsUrl as string);
    if (!response.ok) throw new Error(`GET ${proxy.metricsUrl} answered ${response.status}`);
    return (await response.json()) as ProxyMetrics;
  };
  return {
    api,
    proxy,
    pinLogLines: () => logLines.filter((line) => /pinned/i.test(line)),
    metrics,
    sample() {
      const highest: Partial<Record<keyof ProxyMetrics, number>> = {};
      let running = true;
      const loop = (async () => {
        while (running) {
          for (const [key, value] of Object.entries(await metrics()) as [keyof ProxyMetrics, number][]) {
            highest[key] = Math.max(highest[key] ?? value, value);
          }
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();
      return {
        async stop() {
          running = false;
          await loop;
          return highest as ProxyMetrics;
        },
      };
    },
    async close() {
      await api.close();
      await proxy.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
