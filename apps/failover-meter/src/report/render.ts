import type { FailureWindow, MeterReport } from './build-report';
import { formatSeconds } from './verdict';

/** The report as one JSON object: timestamps in ISO 8601 UTC, absent values as null. */
export function renderJson(report: MeterReport): string {
  const json = {
    ...report,
    startedAt: isoOrNull(report.startedAt),
    endedAt: isoOrNull(report.endedAt),
    windows: report.windows.map((window) => ({
      start: new Date(window.start).toISOString(),
      end: isoOrNull(window.end),
      durationMs: window.durationMs,
      failedAttempts: window.failedAttempts,
      firstFailedSeq: window.firstFailedSeq,
      recoveredSeq: window.recoveredSeq ?? null,
    })),
  };
  return JSON.stringify(json, (_key, value) => (value === undefined ? null : value), 2);
}

/** The report for people, ending with the one-line verdict. */
export function renderText(report: MeterReport): string {
  const lines = [
    `Failover meter: run ${report.runId} against ${report.target}`,
    `Attempts: ${report.attempts} (successes ${report.successes}, failures ${report.failures})`,
    ...report.windows.map((window, index) => describeWindow(window, index + 1)),
    `Total downtime: ${formatSeconds(report.totalDowntimeMs)}`,
  ];
  if (report.failuresBeforeFirstSuccess > 0) {
    lines.push(`Failures before the first success (no window): ${report.failuresBeforeFirstSuccess}`);
  }
  const reasons = Object.entries(report.failureReasons).map(([reason, count]) => `${reason} x${count}`);
  if (reasons.length > 0) lines.push(`Failures by reason: ${reasons.join(', ')}`);
  if (report.lastAcknowledgedSeqBeforeFirstWindow !== undefined) {
    lines.push(`Last acknowledged seq before the first window: ${report.lastAcknowledgedSeqBeforeFirstWindow}`);
  }
  lines.push(
    `DB host before: ${report.hostBefore ?? 'unknown'}, after: ${report.hostAfter ?? 'unknown'}` +
      ` (${report.hostChanged ? 'changed' : 'unchanged'})`,
    `Latency of successful attempts: p50 ${formatMs(report.p50Ms)}, p99 ${formatMs(report.p99Ms)}`,
    describeLossCheck(report),
    ...report.newestRows.map(
      (row) =>
        `  newest row: seq ${row.seq}${row.host ? ` host ${row.host}` : ''}${row.createdAt ? ` at ${row.createdAt}` : ''}`,
    ),
    report.verdict,
  );
  return lines.join('\n');
}

function describeWindow(window: FailureWindow, number: number): string {
  const end = window.end === undefined ? 'still failing' : new Date(window.end).toISOString();
  const recovery = window.recoveredSeq === undefined ? 'not recovered' : `recovered at seq ${window.recoveredSeq}`;
  return (
    `Failure window ${number}: ${new Date(window.start).toISOString()} -> ${end} ` +
    `(${formatSeconds(window.durationMs)}, ${window.failedAttempts} failed attempts from seq ${window.firstFailedSeq}, ${recovery})`
  );
}

function describeLossCheck(report: MeterReport): string {
  if (report.lossCheckError !== undefined) return `Loss check: could not read back (${report.lossCheckError})`;
  const ambiguous = report.ambiguous.length > 0 ? ` (seq ${report.ambiguous.join(', ')})` : '';
  const lost = report.lost.length > 0 ? ` (seq ${report.lost.join(', ')})` : '';
  return (
    `Loss check: ${report.acknowledged} acknowledged, ${report.lost.length} lost${lost}, ` +
    `${report.ambiguous.length} ambiguous${ambiguous}`
  );
}

function formatMs(milliseconds: number | undefined): string {
  return milliseconds === undefined ? 'n/a' : `${milliseconds} ms`;
}

function isoOrNull(epochMilliseconds: number | undefined): string | null {
  return epochMilliseconds === undefined ? null : new Date(epochMilliseconds).toISOString();
}
