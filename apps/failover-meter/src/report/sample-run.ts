import type { AttemptRecord } from './attempt';
import { buildReport, type MeterReport } from './build-report';
import type { TimelineMarker } from './svg';

/** A run as the README's picture shows it: deterministic, so the committed sample can be checked against it. */
export interface SampleRun {
  readonly report: MeterReport;
  readonly attempts: readonly AttemptRecord[];
  readonly markers: readonly TimelineMarker[];
}

const STARTED_AT = Date.UTC(2026, 0, 15, 10, 0, 0);
const INTERVAL_MS = 500;
const FAILOVER_REQUESTED_MS = 10_000;
const OUTAGE_FROM_MS = 12_000;
const OUTAGE_UNTIL_MS = 24_000;
const DB_AVAILABLE_MS = 27_000;
const RUN_MS = 32_000;
const CLIENT_TIMEOUT_MS = 5000;

/** The same pseudo-random jitter on every call, so the samples are byte-for-byte stable. */
function jitterFrom(seed: number): () => number {
  let random = seed;
  return () => {
    random = (random * 1103515245 + 12345) % 2 ** 31;
    return random / 2 ** 31;
  };
}

/**
 * A Multi-AZ failover through the API, metered every 0.5 s: the write in flight when the primary went away hangs
 * until the client's 5 s timeout although it committed (ambiguous), then ~7 s of `HTTP 503` (the handler's 1 s
 * connect timeout), a slow first write on the new primary, host ip-10-0-1-23 -> ip-10-0-2-47, nothing lost.
 */
export function sampleFailoverRun(runId = 'drill-sample'): SampleRun {
  const attempts: AttemptRecord[] = [];
  const jitter = jitterFrom(42);
  for (let seq = 1, offset = 0; offset < RUN_MS; seq++) {
    const startedAt = STARTED_AT + offset;
    const failing = offset >= OUTAGE_FROM_MS && offset < OUTAGE_UNTIL_MS;
    const latency =
      offset === OUTAGE_FROM_MS
        ? CLIENT_TIMEOUT_MS
        : failing
          ? 1000 + Math.round(jitter() * 40)
          : offset < OUTAGE_UNTIL_MS + INTERVAL_MS && offset >= OUTAGE_UNTIL_MS
            ? 420
            : 14 + Math.round(jitter() * jitter() * 60);
    const error =
      offset === OUTAGE_FROM_MS ? `timed out after ${CLIENT_TIMEOUT_MS} ms` : 'HTTP 503 SERVICE_UNAVAILABLE';
    attempts.push(
      failing
        ? { seq, startedAt, endedAt: startedAt + latency, acknowledged: false, error }
        : {
            seq,
            startedAt,
            endedAt: startedAt + latency,
            acknowledged: true,
            host: offset < OUTAGE_FROM_MS ? 'ip-10-0-1-23' : 'ip-10-0-2-47',
          },
    );
    offset += Math.max(INTERVAL_MS, latency);
  }
  // The timed-out write committed before the connection died: its row is there although the caller saw a failure.
  const landed = attempts.filter((a) => a.acknowledged || a.error?.startsWith('timed out'));
  const report = buildReport({
    runId,
    target: 'api https://abc123.execute-api.eu-west-1.amazonaws.com',
    attempts,
    lossCheck: { kind: 'read', rows: landed.map(({ seq }) => ({ seq })) },
  });
  const markers = [
    { at: STARTED_AT + FAILOVER_REQUESTED_MS, label: 'failover requested' },
    { at: STARTED_AT + DB_AVAILABLE_MS, label: 'DB available' },
  ];
  return { report, attempts, markers };
}

const LONG_HOST = 'meter-db-instance-1.c9akciq32lmn.eu-west-1.rds.amazonaws.com-primary-writer';

/**
 * A drill gone wrong, crowded on purpose for the layout specs: the DB host never changes, the API flaps through many
 * short failure windows right after the failover request, and two acknowledged writes are missing from the read-back.
 */
export function sampleFailingRun(runId = 'drill-failing-sample'): SampleRun {
  const started = STARTED_AT + 3_600_000;
  const jitter = jitterFrom(7);
  // From 9 s on, one character per attempt: '+' acknowledged, '-' HTTP 502, 't' 5 s timeout whose write landed
  // (ambiguous), 'L' acknowledged but missing from the read-back; acknowledged again once the script runs out.
  const script = [...'-+-+--+L-+t-+-L+--+'];
  const attempts: AttemptRecord[] = [];
  const lost = new Set<number>();
  for (let seq = 1, offset = 0; offset < 30_000; seq++) {
    const slot = offset >= 9000 ? (script.shift() ?? '+') : '+';
    const latency =
      slot === 't' ? CLIENT_TIMEOUT_MS : slot === '-' ? 30 + Math.round(jitter() * 20) : 12 + Math.round(jitter() * 40);
    const startedAt = started + offset;
    const endedAt = startedAt + latency;
    if (slot === 'L') lost.add(seq);
    attempts.push(
      slot === '+' || slot === 'L'
        ? { seq, startedAt, endedAt, acknowledged: true, host: LONG_HOST }
        : {
            seq,
            startedAt,
            endedAt,
            acknowledged: false,
            error: slot === 't' ? 'timed out after 5000 ms' : 'HTTP 502 BAD_GATEWAY',
          },
    );
    offset += Math.max(INTERVAL_MS, latency);
  }
  const rows = attempts.filter((a) => (a.acknowledged && !lost.has(a.seq)) || a.error?.startsWith('timed out'));
  const report = buildReport({
    runId,
    target: 'api https://abc123.execute-api.eu-west-1.amazonaws.com',
    attempts,
    lossCheck: { kind: 'read', rows: rows.map(({ seq }) => ({ seq })) },
  });
  const markers = [
    { at: started + 8600, label: 'failover requested' },
    { at: started + 8900, label: 'experiment completed' },
    { at: started + 16_600, label: 'DB available' },
  ];
  return { report, attempts, markers };
}
