import type { AttemptRecord, HeartbeatRow, LossCheckResult } from './attempt';
import { percentile } from './percentile';
import { judge } from './verdict';

/**
 * A stretch of failed attempts. It opens at the first failed attempt after a success (that attempt's start) and
 * closes at the first success after it (the moment that write was acknowledged).
 */
export interface FailureWindow {
  readonly start: number;
  /** Undefined when the run ended before a write succeeded again. */
  readonly end?: number;
  readonly durationMs: number;
  readonly failedAttempts: number;
  readonly firstFailedSeq: number;
  readonly recoveredSeq?: number;
}

export interface MeterReport {
  readonly runId: string;
  readonly target: string;
  readonly startedAt?: number;
  readonly endedAt?: number;
  readonly attempts: number;
  readonly successes: number;
  readonly failures: number;
  /** Failures before anything ever succeeded: the target was not up yet, which opens no window. */
  readonly failuresBeforeFirstSuccess: number;
  readonly failureReasons: Readonly<Record<string, number>>;
  readonly windows: readonly FailureWindow[];
  readonly totalDowntimeMs: number;
  readonly recovered: boolean;
  readonly hostBefore?: string;
  readonly hostAfter?: string;
  readonly hostChanged: boolean;
  readonly p50Ms?: number;
  readonly p99Ms?: number;
  readonly lastAcknowledgedSeqBeforeFirstWindow?: number;
  readonly acknowledged: number;
  /** Acknowledged seqs missing from the read-back. Any entry here fails the run. */
  readonly lost: readonly number[];
  /** Unacknowledged seqs that landed anyway: normal when a connection dies between commit and reply. */
  readonly ambiguous: readonly number[];
  readonly lossCheckError?: string;
  readonly newestRows: readonly HeartbeatRow[];
  readonly ok: boolean;
  readonly verdict: string;
}

export interface ReportInput {
  readonly runId: string;
  readonly target: string;
  readonly attempts: readonly AttemptRecord[];
  readonly lossCheck: LossCheckResult;
}

const NEWEST_ROWS_SHOWN = 5;

export function buildReport(input: ReportInput): MeterReport {
  const { attempts } = input;
  const successes = attempts.filter((attempt) => attempt.acknowledged);
  const firstSuccessIndex = attempts.findIndex((attempt) => attempt.acknowledged);
  const windows = findFailureWindows(attempts, firstSuccessIndex);
  const firstWindowStart = windows[0]?.start;
  const successesBeforeFirstWindow =
    firstWindowStart === undefined ? successes : successes.filter((attempt) => attempt.endedAt <= firstWindowStart);
  const hostBefore = windows.length > 0 ? successesBeforeFirstWindow.at(-1)?.host : successes[0]?.host;
  const hostAfter = successes.at(-1)?.host;
  const latencies = successes.map((attempt) => attempt.endedAt - attempt.startedAt);
  const loss = checkLoss(attempts, input.lossCheck);
  const facts = {
    runId: input.runId,
    target: input.target,
    startedAt: attempts[0]?.startedAt,
    endedAt: attempts.at(-1)?.endedAt,
    attempts: attempts.length,
    successes: successes.length,
    failures: attempts.length - successes.length,
    failuresBeforeFirstSuccess: firstSuccessIndex === -1 ? attempts.length : firstSuccessIndex,
    failureReasons: countFailureReasons(attempts),
    windows,
    totalDowntimeMs: windows.reduce((total, window) => total + window.durationMs, 0),
    recovered: windows.every((window) => window.end !== undefined),
    hostBefore,
    hostAfter,
    hostChanged: hostBefore !== undefined && hostAfter !== undefined && hostBefore !== hostAfter,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    lastAcknowledgedSeqBeforeFirstWindow: windows.length > 0 ? successesBeforeFirstWindow.at(-1)?.seq : undefined,
    acknowledged: successes.length,
    ...loss,
  };
  return { ...facts, ...judge(facts) };
}

function findFailureWindows(attempts: readonly AttemptRecord[], firstSuccessIndex: number): FailureWindow[] {
  if (firstSuccessIndex === -1) return [];
  const windows: FailureWindow[] = [];
  let open: AttemptRecord[] = [];
  for (const attempt of attempts.slice(firstSuccessIndex)) {
    if (!attempt.acknowledged) {
      open.push(attempt);
    } else if (open.length > 0) {
      windows.push(closedWindow(open, attempt));
      open = [];
    }
  }
  if (open.length > 0) windows.push(openWindow(open));
  return windows;
}

function closedWindow(failed: readonly AttemptRecord[], recovery: AttemptRecord): FailureWindow {
  const start = failed[0].startedAt;
  return {
    start,
    end: recovery.endedAt,
    durationMs: recovery.endedAt - start,
    failedAttempts: failed.length,
    firstFailedSeq: failed[0].seq,
    recoveredSeq: recovery.seq,
  };
}

function openWindow(failed: readonly AttemptRecord[]): FailureWindow {
  const start = failed[0].startedAt;
  return {
    start,
    durationMs: failed[failed.length - 1].endedAt - start,
    failedAttempts: failed.length,
    firstFailedSeq: failed[0].seq,
  };
}

function countFailureReasons(attempts: readonly AttemptRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const attempt of attempts) {
    if (attempt.acknowledged) continue;
    const reason = attempt.error ?? 'unknown error';
    counts[reason] = (counts[reason] ?? 0) + 1;
  }
  return counts;
}

function checkLoss(attempts: readonly AttemptRecord[], lossCheck: LossCheckResult) {
  if (lossCheck.kind === 'failed') {
    return { lost: [], ambiguous: [], lossCheckError: lossCheck.error, newestRows: [] };
  }
  const landed = new Set(lossCheck.rows.map((row) => row.seq));
  const newestRows = [...lossCheck.rows].sort((a, b) => b.seq - a.seq).slice(0, NEWEST_ROWS_SHOWN);
  return {
    lost: attempts.filter((attempt) => attempt.acknowledged && !landed.has(attempt.seq)).map(({ seq }) => seq),
    ambiguous: attempts.filter((attempt) => !attempt.acknowledged && landed.has(attempt.seq)).map(({ seq }) => seq),
    lossCheckError: undefined,
    newestRows,
  };
}
