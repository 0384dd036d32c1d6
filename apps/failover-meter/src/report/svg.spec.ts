import { readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { AttemptRecord } from './attempt';
import { buildReport } from './build-report';
import { sampleFailoverRun } from './sample-run';
import { niceTicks, renderSvgTimeline, SVG_COLOURS, SVG_LAYOUT } from './svg';

interface Element {
  readonly [attribute: string]: string | undefined;
}
interface ParsedSvg {
  readonly title: string;
  readonly rect: Element[];
  readonly text: (Element & { '#text'?: string })[];
  readonly circle: Element[];
  readonly path: Element[];
  readonly line: Element[];
}

/** Parses with a real XML parser: anything not well-formed fails here, before any assertion. */
function parseSvg(svg: string): ParsedSvg {
  const valid = XMLValidator.validate(svg);
  if (valid !== true) throw new Error(`not well-formed XML: ${JSON.stringify(valid.err)}`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    parseTagValue: false,
    isArray: (name) => ['rect', 'text', 'circle', 'path', 'line'].includes(name),
  });
  return parser.parse(svg).svg as ParsedSvg;
}

const texts = (svg: ParsedSvg) => svg.text.map((text) => text['#text'] ?? '');
const byClass = (elements: Element[], name: string) => elements.filter((element) => element.class === name);

/** '+' acknowledged on db-a (db-b after the first failure), '-' failed; one attempt per second taking 20 ms. */
function run(pattern: string, runId = 'run-1') {
  const t0 = Date.UTC(2026, 0, 1);
  let failed = false;
  const attempts = [...pattern].map((outcome, index): AttemptRecord => {
    if (outcome === '-') failed = true;
    const startedAt = t0 + index * 1000;
    return outcome === '+'
      ? { seq: index + 1, startedAt, endedAt: startedAt + 20, acknowledged: true, host: failed ? 'db-b' : 'db-a' }
      : { seq: index + 1, startedAt, endedAt: startedAt + 20, acknowledged: false, error: 'HTTP 503' };
  });
  const lossCheck = { kind: 'read' as const, rows: attempts.filter((a) => a.acknowledged).map(({ seq }) => ({ seq })) };
  return { report: buildReport({ runId, target: 'test', attempts, lossCheck }), attempts };
}

describe('renderSvgTimeline', () => {
  it('shades each failure window from its start to its end on the time axis', () => {
    // GIVEN 11 attempts over 10.02 s: a window from t=3 s to the acknowledgement at t=6.02 s
    const { report, attempts } = run('+++---+++++');

    // WHEN
    const svg = parseSvg(renderSvgTimeline({ report, attempts }));

    // THEN the x axis runs 0..12 s over the plot width and the rect spans 3 s .. 6.02 s of it
    const [window] = byClass(svg.rect, 'downtime');
    const { left, right, top, bottom } = SVG_LAYOUT.plot;
    const xAt = (seconds: number) => left + (seconds / 12) * (right - left);
    expect(Number(window.x)).toBeCloseTo(xAt(3), 1);
    expect(Number(window.x) + Number(window.width)).toBeCloseTo(xAt(6.02), 1);
    expect(Number(window.y)).toBe(top);
    expect(Number(window.height)).toBe(bottom - top);
    expect(window.fill).toBe(SVG_COLOURS.downtime);
    expect(texts(svg)).toContain('3.02 s down');
  });

  it('draws one mark per attempt, failures as crosses distinct from the successes', () => {
    const { report, attempts } = run('++--+');

    const svg = parseSvg(renderSvgTimeline({ report, attempts }));

    expect(byClass(svg.circle, 'success')).toHaveLength(3);
    const failures = byClass(svg.path, 'failure');
    expect(failures).toHaveLength(2);
    expect(failures.every((mark) => mark.stroke === SVG_COLOURS.failure)).toBe(true);
  });

  it('labels both axes and names the run, the verdict and the DB host before and after', () => {
    const { report, attempts } = run('++-++', 'run-42');

    const svg = parseSvg(renderSvgTimeline({ report, attempts }));

    expect(svg.title).toBe('Failover meter: run run-42 (PASS)');
    expect(texts(svg)).toEqual(
      expect.arrayContaining([
        'time since start (s)',
        'latency (ms)',
        'Failover meter: run run-42 (PASS)',
        report.verdict,
        'DB host before: db-a',
        'DB host after: db-b (changed)',
      ]),
    );
  });

  it('marks a window that never closed as not recovered, shaded to the end of the run', () => {
    const { report, attempts } = run('++--');

    const svg = parseSvg(renderSvgTimeline({ report, attempts }));

    expect(texts(svg)).toContain('1.02 s down (not recovered)');
    expect(svg.title).toBe('Failover meter: run run-1 (FAIL)');
  });

  it('draws a labelled line at each marker', () => {
    const { report, attempts } = run('+++++');

    const svg = parseSvg(
      renderSvgTimeline({ report, attempts, markers: [{ at: attempts[2].startedAt, label: 'failover requested' }] }),
    );

    expect(byClass(svg.line, 'marker')).toHaveLength(1);
    expect(texts(svg)).toContain('failover requested');
  });

  it('stays well-formed XML when the run id, a host or a failure reason carries < & " \'', () => {
    const { report, attempts } = run('+-+');
    // GIVEN hostile text, and a control character XML 1.0 cannot carry at all
    const hostile = 'db<a>&"b\'';
    const tricky = {
      report: { ...report, runId: 'run<&">', hostBefore: hostile, hostAfter: `${hostile}\u0007` },
      attempts: attempts.map((attempt) => ({ ...attempt, error: attempt.error && '</title><script>&' })),
    };

    const rendered = renderSvgTimeline(tricky);
    const svg = parseSvg(rendered);

    // THEN the parser gives back exactly the original text, so it was escaped, not cut or dropped
    expect(rendered).not.toContain('run<&');
    expect(svg.title).toBe('Failover meter: run run<&"> (PASS)');
    expect(texts(svg)).toEqual(
      expect.arrayContaining([`DB host before: ${hostile}`, `DB host after: ${hostile} (changed)`]),
    );
    expect(byClass(svg.path, 'failure')[0]).toMatchObject({ title: 'seq 2: 20 ms, </title><script>&' });
  });
});

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 times a power of ten and ends at or above the maximum', () => {
    expect(niceTicks(10.02)).toEqual({ max: 12, values: [0, 2, 4, 6, 8, 10, 12] });
    expect(niceTicks(32)).toEqual({ max: 35, values: [0, 5, 10, 15, 20, 25, 30, 35] });
    expect(niceTicks(1040)).toEqual({ max: 1200, values: [0, 200, 400, 600, 800, 1000, 1200] });
    expect(niceTicks(1)).toEqual({ max: 1, values: [0, 0.2, 0.4, 0.6, 0.8, 1] });
  });
});

describe('the README sample', () => {
  it('is the picture the sample run renders today (regenerate: npx nx run failover-meter:sample-svg)', () => {
    const committed = readFileSync(path.join(__dirname, '../../docs/failover-sample.svg'), 'utf8');

    expect(committed).toBe(renderSvgTimeline(sampleFailoverRun()));
  });
});
