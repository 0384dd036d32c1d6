import { describeFailure, runHeartbeats, type MeterSchedule } from './meter';
import type { HeartbeatTarget } from './targets/heartbeat-target';

/** A target whose n-th write follows the n-th character of the script: '+' succeeds, '-' fails, '.' hangs. */
function scriptedTarget(script: string): HeartbeatTarget & { writes: number[] } {
  const writes: number[] = [];
  return {
    description: 'scripted',
    writes,
    async write(_runId, seq) {
      writes.push(seq);
      const outcome = script[seq - 1] ?? '+';
      if (outcome === '-') throw Object.assign(new Error('connect failed'), { code: 'ECONNREFUSED' });
      if (outcome === '.') return new Promise(() => undefined);
      return { host: 'db-a' };
    },
    readBack: async () => [],
    close: async () => undefined,
  };
}

const fast: MeterSchedule = { intervalMs: 2, timeoutMs: 1000, stopAfterRecovery: true, settleMs: 0 };

describe('runHeartbeats', () => {
  it('writes increasing seqs and stops at the first recovery when there is nothing left to settle', async () => {
    const target = scriptedTarget('++--+++++');

    const attempts = await runHeartbeats({ target, runId: 'r', schedule: fast });

    expect(attempts.map((attempt) => [attempt.seq, attempt.acknowledged])).toEqual([
      [1, true],
      [2, true],
      [3, false],
      [4, false],
      [5, true],
    ]);
    expect(attempts[2].error).toBe('ECONNREFUSED');
  });

  it('keeps going for the settle time after recovery', async () => {
    const target = scriptedTarget('+-+');

    const attempts = await runHeartbeats({ target, runId: 'r', schedule: { ...fast, settleMs: 30 } });

    expect(attempts.length).toBeGreaterThan(3);
    expect(attempts.slice(3).every((attempt) => attempt.acknowledged)).toBe(true);
  });

  it('gives up when nothing has succeeded for the give-up time (failures before a first success open no window)', async () => {
    const target = scriptedTarget('-'.repeat(10_000));

    const attempts = await runHeartbeats({ target, runId: 'r', schedule: { ...fast, giveUpWithoutSuccessMs: 30 } });

    expect(attempts.length).toBeGreaterThan(0);
    expect(attempts.length).toBeLessThan(10_000);
    expect(attempts.every((attempt) => !attempt.acknowledged)).toBe(true);
  });

  it('does not give up once a heartbeat has succeeded, however long the outage after it', async () => {
    const target = scriptedTarget(`+${'-'.repeat(40)}+`);

    // The outage (40 attempts, 30 ms apart) outlasts the give-up time by far, and the first attempt starts at once:
    // a busy machine cannot delay the first success past 1 s, so only a meter that gives up after a success stops early.
    const attempts = await runHeartbeats({
      target,
      runId: 'r',
      schedule: { ...fast, intervalMs: 30, giveUpWithoutSuccessMs: 1000 },
    });

    expect(attempts.map((attempt) => attempt.acknowledged).at(-1)).toBe(true);
    expect(attempts).toHaveLength(42);
  });

  it('does not stop at recovery when only a duration is given', async () => {
    const target = scriptedTarget('+-+');

    const attempts = await runHeartbeats({
      target,
      runId: 'r',
      schedule: { ...fast, stopAfterRecovery: false, durationMs: 40 },
    });

    expect(attempts.length).toBeGreaterThan(3);
  });

  it('records a write that outlives the timeout as a failure and moves on', async () => {
    const target = scriptedTarget('+.+');

    const attempts = await runHeartbeats({ target, runId: 'r', schedule: { ...fast, timeoutMs: 20 } });

    expect(attempts.map((attempt) => attempt.error ?? 'ok')).toEqual(['ok', 'timed out after 20 ms', 'ok']);
  });

  it('finishes the attempt in flight and ends the run when the stop signal fires', async () => {
    const target = scriptedTarget('');
    const stop = new AbortController();

    const attempts = await runHeartbeats({
      target,
      runId: 'r',
      schedule: { ...fast, stopAfterRecovery: true },
      stopSignal: stop.signal,
      onAttempt: (_attempt, all) => all.length === 3 && stop.abort(),
    });

    expect(attempts).toHaveLength(3);
    expect(target.writes).toEqual([1, 2, 3]);
  });
});

describe('describeFailure', () => {
  it('uses the socket error code that fetch hides in the cause', () => {
    const error = new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) });

    expect(describeFailure(error)).toBe('ECONNRESET');
  });

  it('keeps only the first line of a message', () => {
    expect(describeFailure(new Error('HTTP 503: database unavailable\nstack...'))).toBe(
      'HTTP 503: database unavailable',
    );
  });
});
