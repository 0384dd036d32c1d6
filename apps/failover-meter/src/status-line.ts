import type { AttemptRecord } from './report/attempt';

export interface StatusLine {
  update(attempt: AttemptRecord, attempts: readonly AttemptRecord[]): void;
  clear(): void;
}

/** A live one-line status on a terminal; nothing at all when stdout is a pipe or file, so output stays parseable. */
export function createStatusLine(stream: NodeJS.WriteStream): StatusLine | undefined {
  if (!stream.isTTY) return undefined;
  let failingSince: number | undefined;
  return {
    update(attempt, attempts) {
      const successes = attempts.filter((each) => each.acknowledged).length;
      if (attempt.acknowledged) failingSince = undefined;
      else failingSince ??= attempt.startedAt;
      const state = attempt.acknowledged
        ? `ok ${attempt.endedAt - attempt.startedAt} ms${attempt.host ? ` on ${attempt.host}` : ''}`
        : `FAILING for ${((attempt.endedAt - (failingSince ?? attempt.startedAt)) / 1000).toFixed(1)} s (${attempt.error})`;
      const line = `seq ${attempt.seq}  acknowledged ${successes}  failed ${attempts.length - successes}  ${state}`;
      stream.write(`\r\x1b[2K${line.slice(0, Math.max(20, (stream.columns ?? 120) - 1))}`);
    },
    clear() {
      stream.write('\r\x1b[2K');
    },
  };
}
