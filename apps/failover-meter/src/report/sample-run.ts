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

/**
 * A Multi-AZ failover through the API, metered every 0.5 s: ~12 s of `HTTP 503` (the handler's 1 s connect timeout),
 * a slow first write on the new primary, host db-a -> db-b, nothing lost.
 */
export function sampleFailoverRun(runId = 'drill-sample'): SampleRun {
  const attempts: AttemptRecord[] = [];
  let random = 42;
  const jitter = () => {
    random = (random * 1103515245 + 12345) % 2 ** 31;
    return random / 2 ** 31;
  };
  for (let seq = 1, offset = 0; offset < RUN_MS; seq++) {
    const startedAt = STARTED_AT + offset;
    const failing = offset >= OUTAGE_FROM_MS && offset < OUTAGE_UNTIL_MS;
    const latency = failing
      ? 1000 + Math.round(jitter() * 40)
      : offset < OUTAGE_UNTIL_MS + INTERVAL_MS && offset >= OUTAGE_UNTIL_MS
        ? 420
        : 14 + Math.round(jitter() * jitter() * 60);
    attempts.push(
      failing
        ? { seq, startedAt, endedAt: startedAt + latency, acknowledged: false, error: 'HTTP 503 SERVICE_UNAVAILABLE' }
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
  const report = buildReport({
    runId,
    target: 'api https://abc123.execute-api.eu-west-1.amazonaws.com',
    attempts,
    lossCheck: { kind: 'read', rows: attempts.filter((a) => a.acknowledged).map(({ seq }) => ({ seq })) },
  });
  const markers = [
    { at: STARTED_AT + FAILOVER_REQUESTED_MS, label: 'failover requested' },
    { at: STARTED_AT + DB_AVAILABLE_MS, label: 'DB available' },
  ];
  return { report, attempts, markers };
}
