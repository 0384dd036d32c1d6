// The local RDS Proxy stand-in (libs/rds-proxy-local) between the handler and the API fixture's MariaDB, as in AWS:
// Lambda -> RDS Proxy -> RDS. The handler verifies the proxy's certificate against the throwaway CA (the server's own
// certificate serves the proxy too), the proxy logs in to MariaDB with the secret as Secrets Manager holds it and
// speaks TLS to it, and the proxy-side numbers are read back from its `GET /metrics`, as CloudWatch would have them.
import type { Metrics } from '@aws-lambda-powertools/metrics';
import {
  startStandInFrontOf,
  type StandInFront,
  type StandInFrontOptions,
} from '@rds-platform/rds-proxy-local/testing';
import type { Handler } from '../handler';
import type { ApiFixture } from './spec-fixture';

export interface ProxyInFront extends Omit<StandInFront, 'writeSecret'> {
  /** A handler for a fresh container whose DB_HOST/DB_PORT are the proxy's. */
  handler(overrides?: Record<string, string>): { handler: Handler; metrics: Metrics };
}

export type ProxyInFrontOptions = StandInFrontOptions;

export async function startProxyInFront(fixture: ApiFixture, options: ProxyInFrontOptions = {}): Promise<ProxyInFront> {
  const { server } = fixture;
  // The proxy's secret is the one the handler fetches (same user, password and schema), plus where the DB is.
  const secret = JSON.parse(fixture.secrets.currentValue(fixture.secretArn) as string) as Record<string, unknown>;
  const front = await startStandInFrontOf(
    server,
    JSON.stringify({ ...secret, host: server.host, port: server.port }),
    options,
  );
  const { proxy } = front;
  return {
    ...front,
    handler: (overrides = {}) => fixture.handler({ DB_HOST: proxy.host, DB_PORT: String(proxy.port), ...overrides }),
  };
}
