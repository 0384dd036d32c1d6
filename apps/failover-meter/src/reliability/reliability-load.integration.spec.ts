// Reliability suite, load (see reliability-outages): eight meters against one handler instance. Its own environment;
// prints its figures at the end.
import { combine, reliabilityEnvironment, SCENARIO_TIMEOUT_MS } from './figures';
import { SCENARIO_SCHEDULE, startMeterRun } from './meter-run';

describe('failover meter against the local API (reliability): load', () => {
  const suite = reliabilityEnvironment();

  it(
    '(6) keeps one DB connection per handler instance with 8 meters for 10 s, without an error',
    async () => {
      const api = await suite.environment().startApi('load');
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
      suite.record({
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
