// Reliability suite, DB outages, with the RDS Proxy stand-in between the handler and MariaDB (as in AWS: Lambda ->
// RDS Proxy -> RDS): reliability-outages.integration.spec.ts's scenarios 1 and 2 again, with the proxy-side facts.
// What the proxy is expected to do in them: client connections outside a transaction survive a target restart, and
// their next statement gets a fresh DB connection (failover example,
// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.examples.html); a client that waits longer than
// ConnectionBorrowTimeout for one gets the proxy's error, which the handler answers with 503
// (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-connections.html); the handler's statements never
// pin a session (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-pinning.html). The figures table
// printed at the end has one row per scenario, "-proxy" appended to its name.
import { reliabilityEnvironment, SCENARIO_TIMEOUT_MS, sleep } from './figures';
import { startMeterRun } from './meter-run';
import { startApiThroughProxy } from './proxy-in-front';

const OUTAGE_MS = 3000;

describe('failover meter against the local API through the RDS Proxy stand-in (reliability): DB outages', () => {
  const suite = reliabilityEnvironment();

  /** The DB goes away for ~3 s behind the proxy and comes back on the same data dir and port. */
  async function outage(name: string, takeDown: () => Promise<void>): Promise<void> {
    const environment = suite.environment();
    // Below DB_QUERY_TIMEOUT_MS (2 s, local-api.ts), so a heartbeat the outage holds is answered by the proxy's
    // borrow timeout rather than the handler's own watchdog.
    const front = await startApiThroughProxy(environment, name, { maxDbConnections: 2, borrowTimeoutMs: 1000 });
    const sampler = front.sample();
    const runId = `${name}-run`;
    const run = startMeterRun(front.api.url, runId);
    await run.acknowledged(5);
    const before = await front.metrics();

    await takeDown();
    await sleep(OUTAGE_MS);
    const restartedAt = Date.now();
    await environment.mariaDb.start();
    const dbBackAt = Date.now();
    const report = await run.report;
    const highest = await sampler.stop();
    const after = await front.metrics();

    suite.record({
      scenario: `${name}-proxy`,
      report,
      recoveryAfterDbBackMs: (report.windows[0]?.end ?? Number.NaN) - restartedAt,
      note: `through rds-proxy-local, ${after.DatabaseConnectionsSetupFailed} failed DB logins`,
    });
    // THEN the meter's own verdict: one window, no acknowledged heartbeat missing when it read them back
    expect(report.windows).toHaveLength(1);
    expect(report.windows[0].start).toBeLessThan(dbBackAt);
    expect(report.lost).toEqual([]);
    expect(report.ok).toBe(true);
    // AND, read by root on the server rather than back through the API and the proxy, every acknowledged heartbeat
    // is in the table
    const acknowledged = run.attempts.filter((attempt) => attempt.acknowledged).map((attempt) => attempt.seq);
    const stored = new Set(
      (
        await environment.mariaDb.rootQuery<{ seq: number }>('SELECT seq FROM app.heartbeats WHERE run_id = ?', [runId])
      ).map((row) => Number(row.seq)),
    );
    expect(acknowledged.length).toBeGreaterThan(5);
    expect(acknowledged.filter((seq) => !stored.has(seq))).toEqual([]);
    // AND it all went through the proxy, which saw the target go away and served the handler again after it
    expect(before.QueryRequests).toBeGreaterThan(0);
    expect(after.DatabaseConnectionsSetupFailed).toBeGreaterThan(before.DatabaseConnectionsSetupFailed);
    expect(after.DatabaseConnectionsSetupSucceeded).toBeGreaterThan(before.DatabaseConnectionsSetupSucceeded);
    expect(after.QueryRequests).toBeGreaterThan(before.QueryRequests);
    expect(highest.DatabaseConnections).toBeLessThanOrEqual(2);
    // AND no session was pinned at any point of the run
    expect(highest.DatabaseConnectionsCurrentlySessionPinned).toBe(0);
    expect(front.pinLogLines()).toEqual([]);
    await front.close();
  }

  it(
    '(1) restart behind the proxy: one window, no acknowledged heartbeat lost, no session pinned',
    async () => {
      await outage('restart', () => suite.environment().mariaDb.stop());
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    '(2) SIGKILL behind the proxy: no acknowledged heartbeat lost, no session pinned',
    async () => {
      await outage('sigkill', () => suite.environment().mariaDb.kill());
    },
    SCENARIO_TIMEOUT_MS,
  );
});
