// Reliability suite: the meter, as a client, against the real api-lambda handler behind the local server, with
// faults injected into a throwaway MariaDB and the Secrets Manager stand-in. Prints the measured figures at the end.
import type { MeterReport } from '../report/build-report';
import { startDelayProxy, type DelayProxy } from './delay-proxy';
import { startReliabilityEnvironment, type ReliabilityEnvironment } from './local-api';
import { SCENARIO_SCHEDULE, startMeterRun } from './meter-run';

const SCENARIO_TIMEOUT_MS = 50_000;
const OUTAGE_MS = 3000;
const SLOW_DB_TIMEOUT_MS = 500;
const SLOW_DB_MARGIN_MS = 1500;
const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

interface Figures {
  readonly scenario: string;
  readonly report: MeterReport;
  readonly recoveryAfterDbBackMs?: number;
  readonly note?: string;
}
const measured: Figures[] = [];

describe('failover meter against the local API (reliability)', () => {
  let environment: ReliabilityEnvironment;

  beforeAll(async () => {
    environment = await startReliabilityEnvironment();
  }, 60_000);
  afterAll(async () => {
    await environment?.stop();
    if (measured.length > 0) process.stdout.write(`\n${figuresTable(measured)}\n`);
  });

  /** Scenarios 1 and 2: the DB goes away for ~3 s and comes back on the same data dir. */
  async function outage(name: string, takeDown: () => Promise<void>): Promise<void> {
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
    measured.push({ scenario: name, report, recoveryAfterDbBackMs });
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
      await outage('restart', () => environment.mariaDb.stop());
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    '(2) loses no acknowledged heartbeat when the DB is SIGKILLed and restarted (innodb_flush_log_at_trx_commit=1)',
    async () => {
      await outage('sigkill', () => environment.mariaDb.kill());
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    '(3) has no failure when the password rotates mid-run and the handler has to reconnect',
    async () => {
      const api = await environment.startApi('rotation');
      const run = startMeterRun(api.url, 'rotation-run', {
        ...SCENARIO_SCHEDULE,
        stopAfterRecovery: false,
        durationMs: 3000,
      });
      await run.acknowledged(5);
      const fetchesBefore = environment.secrets.callCount('GetSecretValue');

      await run.hold();
      await api.rotatePassword('rotation-password-2');
      // A new connection is where rotation bites: the cached secret is now refused and must be refreshed.
      await api.killConnections();
      run.release();
      const report = await run.report;

      measured.push({ scenario: 'rotation', report, note: 'password rotated + session killed mid-run' });
      expect(report.failures).toBe(0);
      expect(report.lost).toEqual([]);
      expect(environment.secrets.callCount('GetSecretValue')).toBeGreaterThan(fetchesBefore);
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    '(4) has no failure when Secrets Manager becomes unreachable after the first fetch',
    async () => {
      const api = await environment.startApi('secrets-down', { env: { SECRET_CACHE_TTL_SECONDS: '1' } });
      const run = startMeterRun(api.url, 'secrets-down-run', {
        ...SCENARIO_SCHEDULE,
        stopAfterRecovery: false,
        durationMs: 4000,
      });
      await run.acknowledged(3);
      const requestsBefore = environment.secrets.callCount();

      await run.hold();
      environment.secrets.setAvailable(false);
      await sleep(1200); // past the 1 s cache TTL
      await api.killConnections(); // the reconnect needs credentials while the endpoint is down
      run.release();
      const report = await run.report;
      environment.secrets.setAvailable(true);

      measured.push({ scenario: 'secrets-down', report, note: 'endpoint dropped, TTL expired, session killed' });
      expect(report.failures).toBe(0);
      expect(report.lost).toEqual([]);
      expect(environment.secrets.callCount()).toBeGreaterThan(requestsBefore);
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    '(5) answers 503 within the configured timeouts, not hangs, while the DB is slow',
    async () => {
      let proxy: DelayProxy | undefined;
      try {
        proxy = await startDelayProxy({ host: environment.mariaDb.host, port: environment.mariaDb.port });
        const api = await environment.startApi('slow', {
          dbPort: proxy.port,
          env: { DB_CONNECT_TIMEOUT_MS: String(SLOW_DB_TIMEOUT_MS), DB_QUERY_TIMEOUT_MS: String(SLOW_DB_TIMEOUT_MS) },
        });
        const run = startMeterRun(api.url, 'slow-run');
        await run.acknowledged(3);

        proxy.setDelay(1500);
        await run.failed(3);
        proxy.setDelay(0);
        const report = await run.report;

        const failed = run.attempts.filter((attempt) => !attempt.acknowledged);
        const slowest = Math.max(...failed.map((attempt) => attempt.endedAt - attempt.startedAt));
        measured.push({ scenario: 'slow-db', report, note: `slowest 503 took ${slowest} ms (meter timeout 3000 ms)` });
        expect(new Set(failed.map((attempt) => attempt.error))).toEqual(new Set(['HTTP 503 SERVICE_UNAVAILABLE']));
        // Bounded by the handler's 500 ms timeouts, not the meter's 3 s: the margin absorbs a loaded 2-core machine.
        expect(slowest).toBeLessThan(SLOW_DB_TIMEOUT_MS + SLOW_DB_MARGIN_MS);
        expect(report.recovered).toBe(true);
        expect(report.lost).toEqual([]);
      } finally {
        await proxy?.close();
      }
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    '(6) keeps one DB connection per handler instance with 8 meters for 10 s, without an error',
    async () => {
      const api = await environment.startApi('load');
      const schedule = { ...SCENARIO_SCHEDULE, stopAfterRecovery: false, durationMs: 10_000 };
      const runs = Array.from({ length: 8 }, (_unused, index) => startMeterRun(api.url, `load-run-${index}`, schedule));
      const connectionCounts: number[] = [];
      const sampler = setInterval(() => {
        api.connectionIds().then(
          (ids) => connectionCounts.push(ids.length),
          () => undefined,
        );
      }, 500);

      const reports = await Promise.all(runs.map((run) => run.report)).finally(() => clearInterval(sampler));

      const total = combine(reports);
      measured.push({
        scenario: 'load 8x10s',
        report: total,
        note: `max DB sessions seen: ${Math.max(...connectionCounts)}`,
      });
      expect(reports.map((report) => report.failures)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
      expect(reports.flatMap((report) => report.lost)).toEqual([]);
      expect(connectionCounts.length).toBeGreaterThan(0);
      expect(Math.max(...connectionCounts)).toBe(1);
    },
    SCENARIO_TIMEOUT_MS,
  );
});

/** Sums several meters into one row of the figures table. */
function combine(reports: readonly MeterReport[]): MeterReport {
  const sum = (pick: (report: MeterReport) => number) => reports.reduce((total, report) => total + pick(report), 0);
  return {
    ...reports[0],
    attempts: sum((report) => report.attempts),
    successes: sum((report) => report.successes),
    failures: sum((report) => report.failures),
    lost: reports.flatMap((report) => report.lost),
    ambiguous: reports.flatMap((report) => report.ambiguous),
    p50Ms: Math.max(...reports.map((report) => report.p50Ms ?? 0)),
    p99Ms: Math.max(...reports.map((report) => report.p99Ms ?? 0)),
  };
}

function figuresTable(figures: readonly Figures[]): string {
  const rows = figures.map(({ scenario, report, recoveryAfterDbBackMs, note }) =>
    [
      scenario.padEnd(13),
      String(report.attempts).padStart(8),
      String(report.failures).padStart(8),
      String(report.windows.length).padStart(7),
      `${report.totalDowntimeMs}`.padStart(11),
      (recoveryAfterDbBackMs === undefined ? '-' : `${recoveryAfterDbBackMs}`).padStart(16),
      String(report.lost.length).padStart(4),
      String(report.ambiguous.length).padStart(9),
      `${report.p50Ms ?? '-'}/${report.p99Ms ?? '-'}`.padStart(10),
      `  ${note ?? ''}`,
    ].join(' '),
  );
  const header = [
    'scenario'.padEnd(13),
    'attempts'.padStart(8),
    'failures'.padStart(8),
    'windows'.padStart(7),
    'downtime ms'.padStart(11),
    'recovery ms*'.padStart(16),
    'lost'.padStart(4),
    'ambiguous'.padStart(9),
    'p50/p99 ms'.padStart(10),
  ].join(' ');
  return [
    'Failover meter reliability figures (interval 100 ms):',
    header,
    ...rows,
    '* recovery ms: from launching mariadbd again (same data dir) to the first acknowledged heartbeat',
  ].join('\n');
}
