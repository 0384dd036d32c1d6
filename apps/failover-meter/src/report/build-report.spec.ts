import type { AttemptRecord, HeartbeatRow, LossCheckResult } from './attempt';
import { buildReport } from './build-report';

/** One attempt per character every 500 ms, each taking 10 ms: '+' acknowledged, '-' failed. */
function attemptsFrom(pattern: string, hosts: (seq: number) => string = () => 'db-a'): AttemptRecord[] {
  return [...pattern].map((outcome, index) => {
    const seq = index + 1;
    const acknowledged = outcome === '+';
    return {
      seq,
      startedAt: 1_000_000 + index * 500,
      endedAt: 1_000_000 + index * 500 + 10,
      acknowledged,
      host: acknowledged ? hosts(seq) : undefined,
      error: acknowledged ? undefined : 'HTTP 503',
    };
  });
}

function rowsOf(seqs: number[]): LossCheckResult {
  return { kind: 'read', rows: seqs.map((seq): HeartbeatRow => ({ seq })) };
}

function acknowledgedSeqs(attempts: AttemptRecord[]): number[] {
  return attempts.filter((attempt) => attempt.acknowledged).map((attempt) => attempt.seq);
}

function report(attempts: AttemptRecord[], lossCheck: LossCheckResult = rowsOf(acknowledgedSeqs(attempts))) {
  return buildReport({ runId: 'run-1', target: 'test', attempts, lossCheck });
}

describe('buildReport', () => {
  it('opens a window at the first failure after a success and closes it at the next success', () => {
    // GIVEN two successes, three failures, then recovery at seq 6
    const attempts = attemptsFrom('++---++');

    // WHEN
    const result = report(attempts);

    // THEN the window runs from the start of seq 3 to the acknowledgement of seq 6
    expect(result.windows).toEqual([
      { start: 1_001_000, end: 1_002_510, durationMs: 1510, failedAttempts: 3, firstFailedSeq: 3, recoveredSeq: 6 },
    ]);
    expect(result).toMatchObject({ attempts: 7, successes: 4, failures: 3, totalDowntimeMs: 1510, recovered: true });
    expect(result.lastAcknowledgedSeqBeforeFirstWindow).toBe(2);
  });

  it('reports each of several windows and their total', () => {
    const result = report(attemptsFrom('+-+--+'));

    expect(result.windows.map((window) => window.durationMs)).toEqual([510, 1010]);
    expect(result.totalDowntimeMs).toBe(1520);
  });

  it('opens no window for failures before the first success', () => {
    const result = report(attemptsFrom('--++'));

    expect(result.windows).toEqual([]);
    expect(result.failuresBeforeFirstSuccess).toBe(2);
    expect(result.ok).toBe(true);
  });

  it('leaves a window open and fails the run when writes still fail at the end', () => {
    const result = report(attemptsFrom('++--'));

    expect(result.windows).toEqual([{ start: 1_001_000, durationMs: 510, failedAttempts: 2, firstFailedSeq: 3 }]);
    expect(result.recovered).toBe(false);
    expect(result.ok).toBe(false);
    expect(result.verdict).toMatch(/^FAIL: writes were still failing/);
  });

  it('names the host before the first window and the host of the last success', () => {
    const result = report(attemptsFrom('++--++', (seq) => (seq < 3 ? 'db-a' : 'db-b')));

    expect(result).toMatchObject({ hostBefore: 'db-a', hostAfter: 'db-b', hostChanged: true });
    expect(result.verdict).toContain('host db-a -> db-b');
  });

  it('computes p50 and p99 over successful attempts only', () => {
    const attempts = [1, 2, 3, 4, 100].map((latency, index): AttemptRecord => ({
      seq: index + 1,
      startedAt: 0,
      endedAt: latency,
      acknowledged: true,
    }));
    const failed: AttemptRecord = { seq: 6, startedAt: 0, endedAt: 5000, acknowledged: false, error: 'timeout' };

    const result = report([...attempts, failed], rowsOf([1, 2, 3, 4, 5]));

    expect(result.p50Ms).toBe(3);
    expect(result.p99Ms).toBe(100);
  });

  it('reports acknowledged seqs missing from the read-back as lost and fails the run', () => {
    const attempts = attemptsFrom('++++');

    const result = report(attempts, rowsOf([1, 4]));

    expect(result.lost).toEqual([2, 3]);
    expect(result.ok).toBe(false);
    expect(result.verdict).toMatch(/^FAIL: acknowledged heartbeats LOST \(seq 2, 3\)/);
  });

  it('reports unacknowledged seqs that landed as ambiguous, not lost', () => {
    const attempts = attemptsFrom('++-+');

    const result = report(attempts, rowsOf([1, 2, 3, 4]));

    expect(result).toMatchObject({ lost: [], ambiguous: [3], ok: true });
    expect(result.verdict).toMatch(/^PASS: 1 failure window .*0 of 3 acknowledged heartbeats lost, 1 ambiguous/);
  });

  it('fails the run when the heartbeats cannot be read back', () => {
    const result = report(attemptsFrom('++'), { kind: 'failed', error: 'ECONNREFUSED' });

    expect(result.ok).toBe(false);
    expect(result.verdict).toContain('could not read the heartbeats back (ECONNREFUSED)');
  });

  it('fails the run when nothing was ever acknowledged', () => {
    const result = report(attemptsFrom('---'), rowsOf([]));

    expect(result.ok).toBe(false);
    expect(result.verdict).toBe(
      'FAIL: no heartbeat was acknowledged in 3 attempts: check the target (URL or host), the credentials and that the stack is deployed',
    );
  });

  it('counts failures by reason and keeps the five newest rows', () => {
    const result = report(attemptsFrom('+-+'), rowsOf([1, 2, 3, 4, 5, 6, 7]));

    expect(result.failureReasons).toEqual({ 'HTTP 503': 1 });
    expect(result.newestRows.map((row) => row.seq)).toEqual([7, 6, 5, 4, 3]);
  });
});
