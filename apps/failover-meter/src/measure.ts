import { runHeartbeats, withTimeout, describeFailure, type MeterSchedule } from './meter';
import type { AttemptRecord, LossCheckResult } from './report/attempt';
import { buildReport, type MeterReport } from './report/build-report';
import type { HeartbeatTarget } from './targets/heartbeat-target';

export interface MeasureOptions {
  readonly target: HeartbeatTarget;
  readonly runId: string;
  readonly schedule: MeterSchedule;
  readonly stopSignal?: AbortSignal;
  readonly onAttempt?: (attempt: AttemptRecord, attempts: readonly AttemptRecord[]) => void;
}

/** The read-back may list many rows through a cold Lambda: give it more room than one heartbeat. */
const MIN_READ_BACK_TIMEOUT_MS = 10_000;

/** Runs the heartbeat loop, reads every heartbeat of the run back, and builds the report. */
export async function measureFailover(options: MeasureOptions): Promise<MeterReport> {
  const { target, runId } = options;
  const attempts = await runHeartbeats(options);
  const readBackTimeoutMs = Math.max(options.schedule.timeoutMs, MIN_READ_BACK_TIMEOUT_MS);
  let lossCheck: LossCheckResult;
  try {
    const rows = await withTimeout(readBackTimeoutMs, (signal) => target.readBack(runId, signal));
    lossCheck = { kind: 'read', rows };
  } catch (error) {
    lossCheck = { kind: 'failed', error: describeFailure(error) };
  }
  return buildReport({ runId, target: target.description, attempts, lossCheck });
}
