import { measureFailover } from '../measure';
import type { MeterSchedule } from '../meter';
import type { AttemptRecord } from '../report/attempt';
import type { MeterReport } from '../report/build-report';
import { createApiTarget } from '../targets/api-target';
import type { HeartbeatTarget } from '../targets/heartbeat-target';
import { createJsonHttpClient } from '../targets/http-client';

export interface MeterRun {
  readonly attempts: readonly AttemptRecord[];
  readonly report: Promise<MeterReport>;
  /** Resolves once this many heartbeats have been acknowledged. */
  acknowledged(count: number): Promise<void>;
  /** Resolves once this many attempts have failed. */
  failed(count: number): Promise<void>;
  /** Holds every attempt before it is sent until `release` (so the test can act while nothing is in flight). */
  hold(): Promise<void>;
  release(): void;
}

export const SCENARIO_SCHEDULE: MeterSchedule = {
  intervalMs: 100,
  timeoutMs: 3000,
  durationMs: 30_000,
  stopAfterRecovery: true,
  settleMs: 500,
};

/** The meter as a user runs it against `nx serve` (`--api <url> --no-sign`), driven from a test. */
export function startMeterRun(apiUrl: string, runId: string, schedule: MeterSchedule = SCENARIO_SCHEDULE): MeterRun {
  const attempts: AttemptRecord[] = [];
  const waiters: { done: () => boolean; resolve: () => void; reject: (error: Error) => void; what: string }[] = [];
  let gate: { closed: Promise<void>; open: () => void } | undefined;
  let inFlight = 0;
  let idle: (() => void) | undefined;
  const api = createApiTarget({ baseUrl: new URL(apiUrl), client: createJsonHttpClient(undefined) });
  const gated: HeartbeatTarget = {
    ...api,
    async write(id, seq, signal) {
      if (gate) await gate.closed;
      inFlight++;
      try {
        return await api.write(id, seq, signal);
      } finally {
        inFlight--;
        if (inFlight === 0) idle?.();
      }
    },
  };
  const settle = () => {
    for (const waiter of waiters.filter((each) => each.done())) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  const until = (what: string, done: () => boolean) =>
    new Promise<void>((resolve, reject) => {
      waiters.push({ done, resolve, reject, what });
      settle();
    });
  const report = measureFailover({
    target: gated,
    runId,
    schedule,
    onAttempt: (attempt) => {
      attempts.push(attempt);
      settle();
    },
  });
  // A wait the run can no longer satisfy fails at once, saying so, instead of running into the test's timeout.
  const ended = () => {
    const acknowledged = attempts.filter((attempt) => attempt.acknowledged).length;
    for (const waiter of waiters.splice(0)) {
      waiter.reject(
        new Error(
          `${runId} ended before ${waiter.what}: ${attempts.length} attempts, ${acknowledged} acknowledged ` +
            `(errors: ${[...new Set(attempts.flatMap((attempt) => (attempt.error ? [attempt.error] : [])))].join(', ') || 'none'})`,
        ),
      );
    }
  };
  report.then(ended, ended);
  return {
    attempts,
    report,
    acknowledged: (count) =>
      until(`${count} acknowledged`, () => attempts.filter((attempt) => attempt.acknowledged).length >= count),
    failed: (count) =>
      until(`${count} failed`, () => attempts.filter((attempt) => !attempt.acknowledged).length >= count),
    async hold() {
      let open = () => undefined as void;
      const closed = new Promise<void>((resolve) => (open = resolve));
      gate = { closed, open };
      if (inFlight > 0) await new Promise<void>((resolve) => (idle = resolve));
      idle = undefined;
    },
    release() {
      gate?.open();
      gate = undefined;
    },
  };
}
