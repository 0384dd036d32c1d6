// Reliability suite, faults around the DB (see reliability-outages): a password rotation, Secrets Manager going
// away, a slow DB. Its own environment; prints its figures at the end.
import { startDelayProxy, type DelayProxy } from './delay-proxy';
import { reliabilityEnvironment, SCENARIO_TIMEOUT_MS, sleep } from './figures';
import { SCENARIO_SCHEDULE, startMeterRun } from './meter-run';

const SLOW_DB_TIMEOUT_MS = 500;
const SLOW_DB_MARGIN_MS = 1500;

describe('failover meter against the local API (reliability): rotation, Secrets Manager, slow DB', () => {
  const suite = reliabilityEnvironment();

  it(
    '(3) has no failure when the password rotates mid-run and the handler has to reconnect',
    async () => {
      const environment = suite.environment();
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

      suite.record({ scenario: 'rotation', report, note: 'password rotated + session killed mid-run' });
      expect(report.failures).toBe(0);
      expect(report.lost).toEqual([]);
      expect(environment.secrets.callCount('GetSecretValue')).toBeGreaterThan(fetchesBefore);
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    '(4) has no failure when Secrets Manager becomes unreachable after the first fetch',
    async () => {
      const environment = suite.environment();
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

      suite.record({ scenario: 'secrets-down', report, note: 'endpoint dropped, TTL expired, session killed' });
      expect(report.failures).toBe(0);
      expect(report.lost).toEqual([]);
      expect(environment.secrets.callCount()).toBeGreaterThan(requestsBefore);
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    '(5) answers 503 within the configured timeouts, not hangs, while the DB is slow',
    async () => {
      const environment = suite.environment();
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
        suite.record({ scenario: 'slow-db', report, note: `slowest 503 took ${slowest} ms (meter timeout 3000 ms)` });
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
});
