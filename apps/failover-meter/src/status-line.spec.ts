import type { AttemptRecord } from './report/attempt';
import { createStatusLine } from './status-line';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  const stream = { isTTY, columns: 200, write: (text: string) => writes.push(text) } as unknown as NodeJS.WriteStream;
  return { stream, writes };
}

const ok: AttemptRecord = { seq: 1, startedAt: 0, endedAt: 12, acknowledged: true, host: 'db-a' };
const failed: AttemptRecord = { seq: 2, startedAt: 500, endedAt: 1700, acknowledged: false, error: 'HTTP 503' };

describe('createStatusLine', () => {
  it('writes nothing at all when stdout is not a terminal', () => {
    expect(createStatusLine(fakeStream(false).stream)).toBeUndefined();
  });

  it('rewrites one line in place with the counts and the current state', () => {
    const { stream, writes } = fakeStream(true);
    const line = createStatusLine(stream);

    line?.update(ok, [ok]);
    line?.update(failed, [ok, failed]);

    expect(writes[0]).toBe('\r\x1b[2Kseq 1  acknowledged 1  failed 0  ok 12 ms on db-a');
    expect(writes[1]).toBe('\r\x1b[2Kseq 2  acknowledged 1  failed 1  FAILING for 1.2 s (HTTP 503)');
  });
});
