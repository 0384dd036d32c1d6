import type { AttemptRecord } from './attempt';
import { buildReport } from './build-report';
import { renderJson, renderText } from './render';

const attempts: AttemptRecord[] = [
  {
    seq: 1,
    startedAt: Date.UTC(2026, 0, 1, 0, 0, 0),
    endedAt: Date.UTC(2026, 0, 1, 0, 0, 0, 20),
    acknowledged: true,
    host: 'db-a',
  },
  {
    seq: 2,
    startedAt: Date.UTC(2026, 0, 1, 0, 0, 1),
    endedAt: Date.UTC(2026, 0, 1, 0, 0, 1, 5),
    acknowledged: false,
    error: 'ECONNREFUSED',
  },
  {
    seq: 3,
    startedAt: Date.UTC(2026, 0, 1, 0, 0, 2),
    endedAt: Date.UTC(2026, 0, 1, 0, 0, 2, 30),
    acknowledged: true,
    host: 'db-b',
  },
];
const report = buildReport({
  runId: 'run-7',
  target: 'api http://127.0.0.1:3000',
  attempts,
  lossCheck: { kind: 'read', rows: [{ seq: 1 }, { seq: 3 }] },
});

describe('renderJson', () => {
  it('is one JSON object with the documented fields, ISO times and nulls for absent values', () => {
    const json = JSON.parse(renderJson(report));

    expect(json).toMatchObject({
      runId: 'run-7',
      attempts: 3,
      successes: 2,
      failures: 1,
      windows: [
        { start: '2026-01-01T00:00:01.000Z', end: '2026-01-01T00:00:02.030Z', durationMs: 1030, recoveredSeq: 3 },
      ],
      totalDowntimeMs: 1030,
      hostBefore: 'db-a',
      hostAfter: 'db-b',
      hostChanged: true,
      lost: [],
      ambiguous: [],
      p50Ms: 20,
      p99Ms: 30,
      lossCheckError: null,
      ok: true,
    });
  });
});

describe('renderText', () => {
  it('lists the window and the loss check, and ends with the verdict', () => {
    const lines = renderText(report).split('\n');

    expect(lines).toContain(
      'Failure window 1: 2026-01-01T00:00:01.000Z -> 2026-01-01T00:00:02.030Z ' +
        '(1.030 s, 1 failed attempts from seq 2, recovered at seq 3)',
    );
    expect(lines).toContain('Loss check: 2 acknowledged, 0 lost, 0 ambiguous');
    expect(lines.at(-1)).toMatch(/^PASS: /);
  });
});
