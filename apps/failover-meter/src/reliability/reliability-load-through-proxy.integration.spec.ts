// Reliability suite, load, with the RDS Proxy stand-in between the handler and MariaDB (as in AWS: Lambda -> RDS
// Proxy -> RDS): reliability-load.integration.spec.ts's scenario 6 again, with the proxy-side facts read from its
// `GET /metrics` (CloudWatch names, https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.monitoring.html).
// The borrow timeout is generous: in RDS Proxy it also covers opening a DB connection
// (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-connections.html), which a busy machine can take
// long for. Nothing here bounds timing from above; the only waits are bounded so they fail with a message.
import { combine, reliabilityEnvironment, SCENARIO_TIMEOUT_MS, sleep } from './figures';
import { SCENARIO_SCHEDULE, startMeterRun } from './meter-run';
import { startApiThroughProxy } from './proxy-in-front';

const MAX_DB_CONNECTIONS = 2;
const WARM_UP_DEADLINE_MS = 20_000;

describe('failover meter against the local API through the RDS Proxy stand-in (reliability): load', () => {
  const suite = reliabilityEnvironment();

  it(
    '(6) 8 meters for 10 s through the proxy: no error, nothing lost, DB connections within the cap, no session pinned',
    async () => {
      const environment = suite.environment();
      const front = await startApiThroughProxy(environment, 'loadproxy', {
        maxDbConnections: MAX_DB_CONNECTIONS,
        borrowTimeoutMs: 15_000,
      });
      try {
        // The handler's and the proxy's first logins happen before the meters start (as in the original, where the
        // handler's cold start is the only extra step): a statement through the proxy, retried until a deadline.
        const warmUpUntil = Date.now() + WARM_UP_DEADLINE_MS;
        const warmUpAnswers: string[] = [];
        for (;;) {
          const answer = await fetch(new URL('/health?deep=1', front.api.url)).then(
            (response) => String(response.status),
            (error: Error) => error.message,
          );
          if (answer === '200') break;
          warmUpAnswers.push(answer);
          if (Date.now() > warmUpUntil) {
            throw new Error(`/health?deep=1 through the proxy did not answer 200 in time: ${warmUpAnswers.join(', ')}`);
          }
          await sleep(200);
        }

        const sampler = front.sample();
        const schedule = { ...SCENARIO_SCHEDULE, stopAfterRecovery: false, durationMs: 10_000 };
        const runs = Array.from({ length: 8 }, (_unused, index) =>
          startMeterRun(front.api.url, `loadproxy-run-${index}`, schedule),
        );
        // The server's own view: the sessions of this API's DB user are the proxy's DB connections.
        const sessionCounts: number[] = [];
        const processlist = setInterval(() => {
          front.api.connectionIds().then(
            (ids) => sessionCounts.push(ids.length),
            () => undefined,
          );
        }, 500);
        const reports = await Promise.all(runs.map((run) => run.report)).finally(() => clearInterval(processlist));
        const highest = await sampler.stop();
        const after = await front.metrics();

        suite.record({
          scenario: 'load-proxy',
          report: combine(reports),
          note: `through rds-proxy-local, max DB connections ${highest.DatabaseConnections}, max DB sessions seen ${Math.max(...sessionCounts)}`,
        });
        // THEN what the original asserts: no failed attempt, nothing lost on read-back
        expect(reports.map((report) => report.failures)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
        expect(reports.flatMap((report) => report.lost)).toEqual([]);
        // AND, read by root on the server rather than back through the API and the proxy, every acknowledged
        // heartbeat of every meter is in the table
        for (const [index, run] of runs.entries()) {
          const runId = `loadproxy-run-${index}`;
          const acknowledged = run.attempts.filter((attempt) => attempt.acknowledged).map((attempt) => attempt.seq);
          const stored = new Set(
            (
              await environment.mariaDb.rootQuery<{ seq: number }>('SELECT seq FROM app.heartbeats WHERE run_id = ?', [
                runId,
              ])
            ).map((row) => Number(row.seq)),
          );
          expect({ runId, acknowledged: acknowledged.length > 0 }).toEqual({ runId, acknowledged: true });
          expect({ runId, missing: acknowledged.filter((seq) => !stored.has(seq)) }).toEqual({ runId, missing: [] });
        }
        // AND the one handler instance kept one client connection, and it all went through the proxy
        expect(highest.ClientConnections).toBe(1);
        expect(after.QueryRequests).toBeGreaterThan(0);
        // AND the DB connections never went above the cap, as the proxy counts them and as the server lists them
        expect(highest.DatabaseConnections).toBeGreaterThan(0);
        expect(highest.DatabaseConnections).toBeLessThanOrEqual(MAX_DB_CONNECTIONS);
        expect(sessionCounts.length).toBeGreaterThan(0);
        expect(Math.max(...sessionCounts)).toBeLessThanOrEqual(MAX_DB_CONNECTIONS);
        // AND no session was pinned at any sample of the run, and the proxy logged no pinning
        expect(highest.DatabaseConnectionsCurrentlySessionPinned).toBe(0);
        expect(front.pinLogLines()).toEqual([]);
      } finally {
        await front.close();
      }
    },
    SCENARIO_TIMEOUT_MS,
  );
});
