// Reliability suite, DB outages: the meter, as a client, against the real api-lambda handler behind the local server,
// while its throwaway MariaDB goes away and comes back. Scenarios 3-6 are in reliability-dependencies and
// reliability-load (each file has its own environment, so they run side by side); each prints its figures at the end.
import { reliabilityEnvironment, SCENARIO_TIMEOUT_MS, sleep } from './figures';
import { startMeterRun } from './meter-run';

const OUTAGE_MS = 3000;

describe('failover meter against the local API (reliability): DB outages', () => {
  const suite = reliabilityEnvironment();

  /** Scenarios 1 and 2: the DB goes away for ~3 s and comes back on the same data dir. */
  async function outage(name: string, takeDown: () => Promise<void>): Promise<void> {
    const environment = suite.environment();
    const api = await environment.startApi(name);
    const run = startMeterRun(api.url, `${name}-run`);
    await run.acknowledged(5);

    await takeDown();
    await sleep(OUTAGE_MS);
    const restartedAt = Date.now();
    await environment.mariaDb.start();
    const dbBackAt = Date.now();
    const report = await run.report;

    const firstAttemptAfterBack = run.attempts.find((attempt) => attempt.startedAt >= dbBackAt);
    const recoveryAfterDbBackMs = (report.windows[0]?.end ?? Number.NaN) - restartedAt;
    suite.record({ scenario: name, report, recoveryAfterDbBackMs });
    expect(report.windows).toHaveLength(1);
    expect(report.windows[0].start).toBeLessThan(dbBackAt);
    expect(firstAttemptAfterBack?.acknowledged).toBe(true);
    expect(report.lost).toEqual([]);
    expect(report.ok).toBe(true);
    await api.close();
  }

  it(
    '(1) sees one window when the DB restarts gracefully, recovers on the first attempt after it is back, and loses nothing',
    async () => {
      await outage('restart', () => suite.environment().mariaDb.stop());
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    '(2) loses no acknowledged heartbeat when the DB is SIGKILLed and restarted (innodb_flush_log_at_trx_commit=1)',
    async () => {
      await outage('sigkill', () => suite.environment().mariaDb.kill());
    },
    SCENARIO_TIMEOUT_MS,
  );
});
