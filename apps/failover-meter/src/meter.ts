import type { AttemptRecord } from './report/attempt';
import type { HeartbeatTarget } from './targets/heartbeat-target';

export interface MeterSchedule {
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /** Hard stop, measured from the first attempt. */
  readonly durationMs?: number;
  /** Stop `settleMs` after the first recovery from a failure window. */
  readonly stopAfterRecovery: boolean;
  readonly settleMs: number;
  /**
   * Give up when no attempt has succeeded this long after the first one started (a wrong URL, missing credentials, a
   * stack that is not deployed): failures before the first success open no window, so the run would otherwise never
   * see a recovery to stop at. @default never
   */
  readonly giveUpWithoutSuccessMs?: number;
}

export interface RunHeartbeatsOptions {
  readonly target: HeartbeatTarget;
  readonly runId: string;
  readonly schedule: MeterSchedule;
  /** Aborting it (Ctrl-C) lets the attempt in flight finish, then ends the run. */
  readonly stopSignal?: AbortSignal;
  readonly onAttempt?: (attempt: AttemptRecord, attempts: readonly AttemptRecord[]) => void;
}

/**
 * Writes one heartbeat per interval with an increasing seq, one at a time. An attempt that outlives the interval
 * delays the next one instead of overlapping it, as the seed tool's minimum loop time does.
 */
export async function runHeartbeats(options: RunHeartbeatsOptions): Promise<AttemptRecord[]> {
  const { target, runId, schedule, stopSignal } = options;
  const attempts: AttemptRecord[] = [];
  const hardStopAt = schedule.durationMs === undefined ? Infinity : Date.now() + schedule.durationMs;
  let stopAt = hardStopAt;
  const giveUpAt = Date.now() + (schedule.giveUpWithoutSuccessMs ?? Infinity);
  let nextStartAt = Date.now();
  let seenSuccess = false;
  let failing = false;
  for (let seq = 1; ; seq++) {
    await sleepUntil(Math.min(nextStartAt, stopAt), stopSignal);
    if (stopSignal?.aborted || Date.now() >= stopAt) break;
    if (!seenSuccess && Date.now() >= giveUpAt) break;
    nextStartAt = Date.now() + schedule.intervalMs;
    const attempt = await attemptHeartbeat(target, runId, seq, schedule.timeoutMs);
    attempts.push(attempt);
    options.onAttempt?.(attempt, attempts);
    if (attempt.acknowledged) {
      if (failing && schedule.stopAfterRecovery && stopAt === hardStopAt) {
        stopAt = Math.min(hardStopAt, attempt.endedAt + schedule.settleMs);
      }
      failing = false;
      seenSuccess = true;
    } else if (seenSuccess) {
      failing = true;
    }
  }
  return attempts;
}

/** Runs one operation against the target, bounded by the timeout whether or not the target honours the signal. */
export async function withTimeout<T>(timeoutMs: number, operation: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const error = new AttemptTimeoutError(`timed out after ${timeoutMs} ms`);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    return await Promise.race([operation(controller.signal), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

export class AttemptTimeoutError extends Error {
  override readonly name = 'AttemptTimeoutError';
}

async function attemptHeartbeat(
  target: HeartbeatTarget,
  runId: string,
  seq: number,
  timeoutMs: number,
): Promise<AttemptRecord> {
  const startedAt = Date.now();
  try {
    const { host } = await withTimeout(timeoutMs, (signal) => target.write(runId, seq, signal));
    return { seq, startedAt, endedAt: Date.now(), acknowledged: true, host };
  } catch (error) {
    return { seq, startedAt, endedAt: Date.now(), acknowledged: false, error: describeFailure(error) };
  }
}

const MAX_REASON_LENGTH = 160;

/** A short, stable reason: socket error codes group well in the report; messages are cut to one line. */
export function describeFailure(error: unknown): string {
  const code = errorCode(error) ?? errorCode((error as { cause?: unknown } | undefined)?.cause);
  if (code !== undefined) return code;
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].slice(0, MAX_REASON_LENGTH);
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code) ? code : undefined;
}

function sleepUntil(wakeAt: number, signal: AbortSignal | undefined): Promise<void> {
  const delay = wakeAt - Date.now();
  if (delay <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', finish);
      resolve();
    };
    const timer = setTimeout(finish, delay);
    signal?.addEventListener('abort', finish, { once: true });
  });
}
