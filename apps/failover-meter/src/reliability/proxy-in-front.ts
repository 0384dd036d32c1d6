// The reliability suite's handler behind the local RDS Proxy stand-in (libs/rds-proxy-local), as in AWS:
// Lambda -> RDS Proxy -> RDS. The handler's DB_HOST/DB_PORT are the proxy's and it verifies the proxy's certificate
// against the throwaway CA (the proxy offers the DB's own certificate, IP:127.0.0.1); the proxy logs in to MariaDB
// with the API's secret as the Secrets Manager stand-in holds it
// (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-secrets-arns.html) and speaks TLS to it.
// The proxy-side numbers are read from its `GET /metrics`, under the CloudWatch names
// (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.monitoring.html).
import type { ProxyMetrics, RdsProxyLocal } from '@rds-platform/rds-proxy-local';
import { startStandInFrontOf } from '@rds-platform/rds-proxy-local/testing';
import { freePort } from '@rds-platform/testing/mariadb';
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

export async function startApiThroughProxy(
  environment: ReliabilityEnvironment,
  name: string,
  options: { maxDbConnections: number; borrowTimeoutMs: number },
): Promise<ApiThroughProxy> {
  const { mariaDb, secrets } = environment;
  // A free port first, so the handler can be told where the proxy will listen before its secret exists.
  const port = await freePort();
  // The handler starts cold: it connects on its first request, by which time the proxy below listens.
  const api = await environment.startApi(name, { dbPort: port });
  const front = await startStandInFrontOf(mariaDb, secrets.currentValue(api.secretArn) as string, {
    ...options,
    listen: { host: '127.0.0.1', port },
  });
  const { proxy, metrics } = front;
  return {
    api,
    proxy,
    pinLogLines: front.pinLogLines,
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
      await front.close();
    },
  };
}
