// `RDS_PROXY_LOCAL=1 npx nx serve api-lambda`: the local stack with the RDS Proxy stand-in between the built handler
// and the throwaway MariaDB (startLocalServer's `proxy` option, what serve.ts turns the variable into).
import type { ProxyMetrics } from '@rds-platform/rds-proxy-local';
import { startLocalServer, type LocalServer } from './local-server';

jest.setTimeout(60_000);

describe('the local server with the RDS Proxy stand-in in front of the database', () => {
  const savedEnv = { ...process.env };
  let local: LocalServer;
  beforeAll(async () => {
    local = await startLocalServer({ port: 0, proxy: { maxDbConnections: 2 } });
  });
  afterAll(async () => {
    await local?.stop();
    process.env = savedEnv;
  });

  it('serves the API through the proxy, over TLS the handler verifies, without pinning', async () => {
    const time = await fetch(`${local.url}/time`);
    const write = await fetch(`${local.url}/heartbeats`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ runId: 'serve-through-proxy', seq: 1 }),
    });
    const metrics = (await (await fetch(local.proxy!.metricsUrl)).json()) as ProxyMetrics;

    expect([time.status, write.status]).toEqual([200, 201]);
    expect(process.env['DB_PORT']).toBe(local.proxy!.address.split(':')[1]);
    expect(metrics).toMatchObject({
      ClientConnections: 1,
      ClientConnectionsTls: 1,
      MaxDatabaseConnectionsAllowed: 2,
      DatabaseConnectionsCurrentlySessionPinned: 0,
    });
    expect(metrics.QueryRequests).toBeGreaterThanOrEqual(3);
  });
});
