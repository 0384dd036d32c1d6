import { Command, ServerStatus } from './protocol';
import { ResponseTracker } from './response-tracker';

const ok = (status: number) => Buffer.from([0x00, 0x00, 0x00, status & 0xff, status >> 8, 0x00, 0x00]);
const eof = (status: number) => Buffer.from([0xfe, 0x00, 0x00, status & 0xff, status >> 8]);
const error = Buffer.concat([Buffer.from([0xff, 0x48, 0x04]), Buffer.from('#HY000boom')]);
const columnCount = (count: number) => Buffer.from([count]);
const columnDefinition = Buffer.concat([Buffer.from([3]), Buffer.from('def'), Buffer.alloc(30, 1)]);
const row = Buffer.from([1, 0x31]);

function feed(command: number, packets: Buffer[]) {
  const tracker = new ResponseTracker(command);
  return packets.map((packet) => tracker.accept(packet));
}

describe('ResponseTracker', () => {
  it('ends an OK answer and reads its transaction flag', () => {
    expect(feed(Command.QUERY, [ok(ServerStatus.IN_TRANS)])).toEqual([{ done: true, status: ServerStatus.IN_TRANS }]);
  });

  it('ends a result set only at the EOF after the rows, not at the one after the column definitions', () => {
    const steps = feed(Command.QUERY, [columnCount(2), columnDefinition, columnDefinition, eof(2), row, row, eof(2)]);

    expect(steps.map((step) => step.done)).toEqual([false, false, false, false, false, false, true]);
    expect(steps[6].status).toBe(2);
  });

  it('follows multi-results until the last one', () => {
    const more = ServerStatus.MORE_RESULTS_EXISTS | ServerStatus.AUTOCOMMIT;
    const steps = feed(Command.QUERY, [columnCount(1), columnDefinition, eof(more), row, eof(more), ok(2)]);

    expect(steps.map((step) => step.done)).toEqual([false, false, false, false, false, true]);
  });

  it('ends at an error, first or mid-rows', () => {
    expect(feed(Command.QUERY, [error])).toEqual([{ done: true, error: true }]);
    expect(feed(Command.QUERY, [columnCount(1), columnDefinition, eof(2), row, error]).pop()).toEqual({
      done: true,
      error: true,
    });
  });

  it('reads a prepare answer: parameter and column definitions, each followed by an EOF', () => {
    // OK_prepare: statement id 1, 1 column, 2 params.
    const prepareOk = Buffer.from([0x00, 1, 0, 0, 0, 1, 0, 2, 0, 0, 0, 0]);
    const steps = feed(Command.STMT_PREPARE, [
      prepareOk,
      columnDefinition,
      columnDefinition,
      eof(2),
      columnDefinition,
      eof(2),
    ]);

    expect(steps.map((step) => step.done)).toEqual([false, false, false, false, false, true]);
  });

  it('ends a prepare answer without parameters or columns at once', () => {
    expect(feed(Command.STMT_PREPARE, [Buffer.from([0x00, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])])).toEqual([
      { done: true },
    ]);
  });

  it('does not take a long row that starts with 0xFE for an EOF', () => {
    const longRow = Buffer.concat([Buffer.from([0xfe]), Buffer.alloc(20, 0x41)]);
    const steps = feed(Command.QUERY, [columnCount(1), columnDefinition, eof(2), longRow, eof(2)]);

    expect(steps.map((step) => step.done)).toEqual([false, false, false, false, true]);
  });
});
