// The API's workload through the local RDS Proxy stand-in (libs/rds-proxy-local), as in AWS: handler -> RDS Proxy ->
// MariaDB. What the README promises about the middle hop is asserted on the proxy's side, from its `GET /metrics`
// (the CloudWatch names): no request pins a session, a burst of containers stays inside the pool's cap, and a saturated
// pool is a fast 503 with Retry-After (the proxy's borrow timeout, errno 9501, is DbUnavailableError in db-client), and
// a database restart behind the proxy loses no acknowledged write.
import { readFileSync } from 'node:fs';
import { createConnection, type Connection } from 'mysql2/promise';
import type { ProxyMetrics } from '@rds-platform/rds-proxy-local';
import { invoke, useApiFixture, type Invocation } from './testing/spec-fixture';
import { startProxyInFront, type ProxyInFront } from './testing/through-proxy';

jest.setTimeout(60_000);

const fixture = useApiFixture();

const heartbeat = (runId: string, seq: number): Invocation => ({
  method: 'POST',
  path: '/heartbeats',
  body: JSON.stringify({ runId, seq }),
});

/** Every route and every error path the API has, with the status each answers (handler.integration.spec.ts). */
const WORKLOAD: readonly (readonly [Invocation, number])[] = [
  [{ path: '/' }, 200],
  [{ path: '/time' }, 200],
  [{ path: '/health' }, 200],
  [{ path: '/health?deep=1' }, 200],
  [heartbeat('through-proxy', 1), 201],
  [heartbeat('through-proxy', 1), 201],
  [heartbeat('through-proxy', 2), 201],
  [{ path: '/heartbeats?runId=through-proxy&limit=10' }, 200],
  [{ path: '/heartbeats?runId=through-proxy&limit=1&beforeSeq=2' }, 200],
  [{ path: '/heartbeats?limit=5' }, 200],
  [{ method: 'POST', path: '/heartbeats', body: '{"runId":' }, 400],
  [{ method: 'POST', path: '/heartbeats', body: '{"runId":"a","seq":-1}' }, 400],
  [{ path: '/heartbeats?runId=a&runId=b' }, 400],
  [{ path: '/nope' }, 404],
  [{ method: 'DELETE', path: '/time' }, 405],
  [
    { method: 'POST', path: '/heartbeats', body: JSON.stringify({ runId: 'a', seq: 1, pad: 'x'.repeat(16 * 1024) }) },
    413,
  ],
];

describe('the whole API workload through the proxy', () => {
  let through: ProxyInFront;
  beforeAll(async () => {
    through = await startProxyInFront(fixture(), { maxDbConnections: 3 });
  });
  afterAll(() => through?.close());

  it('never pins a session: DatabaseConnectionsCurrentlySessionPinned stays 0 and no pinning is logged', async () => {
    const containers = [through.handler(), through.handler(), through.handler()];
    const pinned: number[] = [];

    for (const { handler } of containers) {
      for (const [invocation, status] of WORKLOAD) {
        const response = await invoke(handler, invocation);
        expect({ ...invocation, status: response.statusCode }).toEqual({ ...invocation, status });
        pinned.push((await through.metrics()).DatabaseConnectionsCurrentlySessionPinned);
      }
    }

    const metrics = await through.metrics();
    expect(pinned.every((value) => value === 0)).toBe(true);
    expect(through.pinLogLines()).toEqual([]);
    // The workload went through the proxy: one TLS client connection per container, statements relayed.
    expect(metrics).toMatchObject({
      ClientConnections: containers.length,
      ClientConnectionsTls: containers.length,
      ClientConnectionsSetupFailedAuth: 0,
      DatabaseConnectionsCurrentlySessionPinned: 0,
    });
    expect(metrics.QueryRequests).toBeGreaterThanOrEqual(containers.length * 7);
    const rows = await fixture().server.rootQuery("SELECT seq FROM app.heartbeats WHERE run_id = 'through-proxy'");
    expect(rows).toHaveLength(2);
  });

  it('would have seen a pin: a client that sets a user variable through the same proxy is counted and logged', async () => {
    const client = await createConnection({
      host: through.proxy.host,
      port: through.proxy.port,
      user: 'serverless',
      password: fixture().password(),
      database: 'app',
      ssl: { ca: readFileSync(fixture().server.caFile as string) },
    });
    try {
      await client.query('SET @pinned = 1');

      expect((await through.metrics()).DatabaseConnectionsCurrentlySessionPinned).toBe(1);
      expect(through.pinLogLines()).toHaveLength(1);
    } finally {
      await client.end();
    }
  });
});

describe('a burst of containers through the proxy', () => {
  const CAP = 3;
  const CONTAINERS = 20;
  let through: ProxyInFront;
  beforeAll(async () => {
    // The borrow timeout is long (the RDS Proxy default is 120 s): this spec is about the cap, not the timeout.
    through = await startProxyInFront(fixture(), { maxDbConnections: CAP, borrowTimeoutMs: 50_000 });
  });
  afterAll(() => through?.close());

  it(`serves ${CONTAINERS} concurrent containers with at most ${CAP} DB connections`, async () => {
    const containers = Array.from({ length: CONTAINERS }, () => through.handler().handler);
    // DatabaseConnections is a gauge: sample it (in-process, between the proxy's events) for the whole burst.
    let mostDbConnections = 0;
    const sampler = setInterval(() => {
      mostDbConnections = Math.max(mostDbConnections, through.proxy.metrics().DatabaseConnections);
    }, 1);
    let responses: number[];
    try {
      responses = (
        await Promise.all(
          containers.map(async (handler, index) => [
            (await invoke(handler, { path: '/time' })).statusCode,
            (await invoke(handler, heartbeat('burst', index))).statusCode,
            (await invoke(handler, { path: '/health?deep=1' })).statusCode,
          ]),
        )
      ).flat();
    } finally {
      clearInterval(sampler);
    }

    const metrics: ProxyMetrics = await through.metrics();
    const sessions = await fixture().server.rootQuery(
      "SELECT ID FROM information_schema.PROCESSLIST WHERE USER = 'serverless'",
    );
    expect(responses.filter((status) => status >= 300)).toEqual([]);
    expect(metrics.MaxDatabaseConnectionsAllowed).toBe(CAP);
    // Twenty client connections, each container's one, multiplexed onto the capped pool.
    expect(metrics.ClientConnections).toBe(CONTAINERS);
    expect(mostDbConnections).toBeGreaterThan(0);
    expect(mostDbConnections).toBeLessThanOrEqual(CAP);
    expect(metrics.DatabaseConnections).toBeLessThanOrEqual(CAP);
    expect(sessions.length).toBeLessThanOrEqual(CAP);
    expect(metrics.DatabaseConnectionsCurrentlySessionPinned).toBe(0);
    expect(through.pinLogLines()).toEqual([]);
    const rows = await fixture().server.rootQuery("SELECT seq FROM app.heartbeats WHERE run_id = 'burst'");
    expect(rows).toHaveLength(CONTAINERS);
  });
});

describe('a saturated pool', () => {
  const BORROW_TIMEOUT_MS = 300;
  let through: ProxyInFront;
  let holder: Connection | undefined;
  beforeAll(async () => {
    through = await startProxyInFront(fixture(), { maxDbConnections: 1, borrowTimeoutMs: BORROW_TIMEOUT_MS });
  });
  afterAll(async () => {
    await holder?.end().catch(() => holder?.destroy());
    await through?.close();
  });

  it('is answered with 503 and Retry-After once the borrow timeout has passed, and served again once freed', async () => {
    const { handler } = through.handler();
    // The borrow timeout also covers the proxy opening its first DB connection (a TLS login to MariaDB), which a busy
    // machine can take longer than 300 ms to do: until the pool has its connection, a 503 is the right answer.
    let first = await invoke(handler, { path: '/time' });
    for (let attempt = 1; first.statusCode === 503 && attempt < 20; attempt++) {
      first = await invoke(handler, { path: '/time' });
    }
    expect(first.statusCode).toBe(200);
    // Another client holds the only DB connection: a transaction keeps it borrowed.
    holder = await createConnection({
      host: through.proxy.host,
      port: through.proxy.port,
      user: 'serverless',
      password: fixture().password(),
      database: 'app',
      ssl: { ca: readFileSync(fixture().server.caFile as string) },
    });
    await holder.query('BEGIN');
    await holder.query('SELECT 1');
    expect(await through.metrics()).toMatchObject({
      DatabaseConnections: 1,
      DatabaseConnectionsCurrentlyInTransaction: 1,
    });

    const started = Date.now();
    const saturated = await invoke(handler, { path: '/time' });
    const waited = Date.now() - started;
    const write = await invoke(handler, heartbeat('saturated', 1));
    const deep = await invoke(handler, { path: '/health?deep=1' });

    for (const response of [saturated, write, deep]) {
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toMatch(/^[1-9]\d*$/);
      expect(response.json).toMatchObject({ error: { code: 'SERVICE_UNAVAILABLE' } });
    }
    // The proxy held the request for its borrow timeout before refusing it (a lower bound only: no timing threshold).
    expect(waited).toBeGreaterThanOrEqual(BORROW_TIMEOUT_MS - 20);
    expect(await fixture().server.rootQuery("SELECT seq FROM app.heartbeats WHERE run_id = 'saturated'")).toEqual([]);

    await holder.query('COMMIT');
    expect((await invoke(handler, heartbeat('saturated', 1))).statusCode).toBe(201);
    expect((await through.metrics()).DatabaseConnections).toBeLessThanOrEqual(1);
  });
});

// "Preserving connections to a MySQL database across a failover" (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.examples.html):
// the proxy keeps client connections outside a transaction; a statement the restart caught fails, and db-client
// retries the heartbeat insert (idempotent) once on a new connection. The failover meter's reliability suite meters
// the same through its own outages, straight at MariaDB.
describe('a database restart behind the proxy', () => {
  const CONTAINERS = 4;
  let through: ProxyInFront;
  beforeAll(async () => {
    // The borrow timeout is below the handler's query timeout: a request that waits out the restart answers 503.
    through = await startProxyInFront(fixture(), { maxDbConnections: 3, borrowTimeoutMs: 2_000 });
  });
  afterAll(() => through?.close());

  it('loses no acknowledged write: every 201 is in the table, and the containers are served again after it', async () => {
    const containers = Array.from({ length: CONTAINERS }, () => through.handler().handler);
    const acknowledged: number[] = [];
    const statuses = new Map<number, number>();
    let seq = 0;
    let phase: 'before' | 'restarting' | 'after' = 'before';
    let ackedAfter = 0;
    const writer = async (handler: (typeof containers)[number]) => {
      while (phase !== 'after' || ackedAfter < CONTAINERS * 3) {
        const mine = seq++;
        const { statusCode } = await invoke(handler, heartbeat('restart', mine));
        statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
        if (statusCode === 201) {
          acknowledged.push(mine);
          if (phase === 'after') ackedAfter++;
        }
      }
    };
    const writers = containers.map(writer);
    while (acknowledged.length < CONTAINERS * 3) await new Promise((resolve) => setTimeout(resolve, 10));
    phase = 'restarting';
    await fixture().server.stop();
    await fixture().server.start();
    phase = 'after';
    await Promise.all(writers);

    const rows = await fixture().server.rootQuery<{ seq: number }>(
      "SELECT seq FROM app.heartbeats WHERE run_id = 'restart'",
    );
    const stored = new Set(rows.map((row) => Number(row.seq)));
    expect(acknowledged.filter((ack) => !stored.has(ack))).toEqual([]);
    expect(ackedAfter).toBeGreaterThanOrEqual(CONTAINERS * 3);
    // A request the restart caught is a 503 (retry later), never a 500.
    expect([...statuses.keys()].filter((status) => status !== 201 && status !== 503)).toEqual([]);
    // The proxy saw the target go away (failed logins to it while down) and kept serving the containers.
    const metrics = await through.metrics();
    expect(metrics.DatabaseConnectionsSetupFailed).toBeGreaterThan(0);
    expect(metrics.ClientConnections).toBe(CONTAINERS);
    expect(metrics.DatabaseConnectionsCurrentlySessionPinned).toBe(0);
  });
});
