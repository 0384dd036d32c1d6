import { readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { AttemptRecord } from './attempt';
import { buildReport } from './build-report';
import { sampleFailingRun, sampleFailoverRun } from './sample-run';
import { renderSvgTimeline, SVG_COLOURS, SVG_LAYOUT, type SvgTimelineInput } from './svg';

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
  readonly g: { text: (Element & { '#text'?: string })[] }[];
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
    isArray: (name) => ['rect', 'text', 'circle', 'path', 'line', 'g'].includes(name),
  });
  return parser.parse(svg).svg as ParsedSvg;
}

const render = (input: SvgTimelineInput) => parseSvg(renderSvgTimeline(input));
/** Every text of the picture, the legend's included. */
const texts = (svg: ParsedSvg) => [...svg.text, ...svg.g.flatMap((group) => group.text)].map((t) => t['#text'] ?? '');
const byClass = (elements: Element[], name: string) => elements.filter((element) => element.class === name);
const textOf = (svg: ParsedSvg, name: string) => byClass(svg.text, name).map((text) => text['#text'] ?? '');
const { top, bottom } = SVG_LAYOUT.plot;

const T0 = Date.UTC(2026, 0, 1, 10, 0, 0);

/**
 * One attempt per second from T0, one character each: '+' acknowledged in 20 ms, '-' failed in 20 ms, 'T' failed after
 * a 5 s timeout, 'a' failed but its row landed (ambiguous), 'L' acknowledged but missing from the read-back, '0' and
 * 'n' acknowledged after 0 ms and after -5 ms (clock skew). Host db-a, then db-b after the first failure unless
 * `sameHost`.
 */
function run(pattern: string, { runId = 'run-1', sameHost = false, start = T0 } = {}) {
  let failed = false;
  const attempts = [...pattern].map((outcome, index): AttemptRecord => {
    const seq = index + 1;
    const startedAt = start + index * 1000;
    const latency = { T: 5000, '0': 0, n: -5 }[outcome as 'T' | '0' | 'n'] ?? 20;
    if ('-Ta'.includes(outcome)) {
      failed = true;
      const error = outcome === 'T' ? 'timed out after 5000 ms' : 'HTTP 503';
      return { seq, startedAt, endedAt: startedAt + latency, acknowledged: false, error };
    }
    const host = failed && !sameHost ? 'db-b' : 'db-a';
    return { seq, startedAt, endedAt: startedAt + latency, acknowledged: true, host };
  });
  const rows = [...pattern].flatMap((outcome, index) => ('+0na'.includes(outcome) ? [index + 1] : []));
  const lossCheck = { kind: 'read' as const, rows: rows.map((seq) => ({ seq })) };
  return { report: buildReport({ runId, target: 'test', attempts, lossCheck }), attempts };
}

/** x of a moment, read off the rendered HH:MM:SS tick labels rather than taken from the implementation. */
function timeScale(svg: ParsedSvg, day = '2026-01-01') {
  const ticks = byClass(svg.text, 'tick')
    .filter((tick) => /^\d\d:\d\d:\d\d$/.test(tick['#text'] ?? ''))
    .map((tick) => ({ at: Date.parse(`${day}T${tick['#text']}Z`), x: Number(tick.x) }));
  const [first, last] = [ticks[0], ticks[ticks.length - 1]];
  return (epochMs: number) => first.x + ((epochMs - first.at) / (last.at - first.at)) * (last.x - first.x);
}

describe('renderSvgTimeline: the latency axis', () => {
  it('is logarithmic, from 1 ms to 10 s in decades, so a healthy write and a 5 s timeout are both readable', () => {
    const { report, attempts } = run('+T+');

    const svg = render({ report, attempts });

    const decades = ['1 ms', '10 ms', '100 ms', '1 s', '10 s'].map((label) => {
      const tick = byClass(svg.text, 'tick').find((text) => text['#text'] === label);
      return Number(tick?.y);
    });
    expect(decades[0]).toBeCloseTo(bottom, 1);
    expect(decades[4]).toBeCloseTo(top, 1);
    const spacing = decades.slice(1).map((y, index) => decades[index] - y);
    expect(Math.max(...spacing) - Math.min(...spacing)).toBeLessThan(0.1);
    // A 20 ms write sits one decade and a bit above the floor, the 5 s timeout near the top: far apart, both inside.
    const write = Number(byClass(svg.circle, 'success')[0].cy);
    const timeout = Number(byClass(svg.line, 'failed')[0].y1);
    expect(write).toBeCloseTo(bottom - Math.log10(20) * spacing[0], 1);
    expect(timeout).toBeCloseTo(bottom - Math.log10(5000) * spacing[0], 1);
    for (const y of [write, timeout]) {
      expect(y).toBeGreaterThan(top);
      expect(y).toBeLessThan(bottom);
    }
    expect(write - timeout).toBeGreaterThan((bottom - top) / 2);
  });

  it('puts 1 ms on the floor and 5000 ms more than half the plot above it', () => {
    const { report, attempts } = run('+++');
    const oneMs = { ...attempts[0], endedAt: attempts[0].startedAt + 1 };
    const fiveS = { ...attempts[2], endedAt: attempts[2].startedAt + 5000 };

    const svg = render({ report, attempts: [oneMs, attempts[1], fiveS] });

    const [low, , high] = byClass(svg.circle, 'success').map((dot) => Number(dot.cy));
    expect(low).toBe(bottom);
    expect(high).toBeGreaterThanOrEqual(top);
    expect(low - high).toBeGreaterThan((bottom - top) * 0.9);
  });

  it('draws zero and negative latencies on the 1 ms floor, never at NaN or Infinity', () => {
    const { report, attempts } = run('+0n-+');

    const rendered = renderSvgTimeline({ report, attempts });

    expect(rendered).not.toMatch(/NaN|Infinity/);
    const dots = byClass(parseSvg(rendered).circle, 'success').map((dot) => Number(dot.cy));
    expect(dots.slice(1, 3)).toEqual([bottom, bottom]);
  });

  it('extends by decades for an attempt slower than 10 s', () => {
    const { report, attempts } = run('++');
    const slow = { ...attempts[1], endedAt: attempts[1].startedAt + 42_000 };

    const svg = render({ report, attempts: [attempts[0], slow] });

    expect(textOf(svg, 'tick')).toEqual(expect.arrayContaining(['10 s', '100 s']));
    expect(Number(byClass(svg.circle, 'success')[1].cy)).toBeGreaterThan(top);
  });
});

describe('renderSvgTimeline: the time axis', () => {
  it('labels ticks with absolute UTC clock times and shows the date once', () => {
    const { report, attempts } = run('+++---+++++');

    const svg = render({ report, attempts });

    const labels = textOf(svg, 'tick').filter((label) => label.includes(':'));
    expect(labels).toEqual(['10:00:00', '10:00:02', '10:00:04', '10:00:06', '10:00:08', '10:00:10']);
    expect(textOf(svg, 'axis-label')).toContain('time (UTC) on 2026-01-01');
    expect(texts(svg).filter((text) => text.includes('2026-01-01'))).toHaveLength(1);
  });

  it('names both dates when the run crosses midnight UTC', () => {
    const { report, attempts } = run('++++++++', { start: Date.UTC(2026, 0, 1, 23, 59, 56) });

    const svg = render({ report, attempts });

    expect(textOf(svg, 'tick')).toEqual(expect.arrayContaining(['23:59:58', '00:00:00', '00:00:02']));
    expect(textOf(svg, 'axis-label')).toContain('time (UTC) on 2026-01-01 to 2026-01-02');
  });
});

describe('renderSvgTimeline: failures and windows', () => {
  it('shades each failure window from its start to its end and labels its length above the plot', () => {
    // GIVEN a window from the failure at t=3 s to the acknowledgement at t=6.02 s
    const { report, attempts } = run('+++---+++++');

    const svg = render({ report, attempts });

    const xOf = timeScale(svg);
    const [window] = byClass(svg.rect, 'downtime');
    expect(Number(window.x)).toBeCloseTo(xOf(T0 + 3000), 0);
    expect(Number(window.x) + Number(window.width)).toBeCloseTo(xOf(T0 + 6020), 0);
    expect([Number(window.y), Number(window.height)]).toEqual([top, bottom - top]);
    expect(window.fill).toBe(SVG_COLOURS.downtime);
    const [label] = byClass(svg.text, 'downtime-label');
    expect(label['#text']).toBe('3.02 s down');
    expect(Number(label.y)).toBeLessThan(top);
  });

  it('draws a failed call as a bar from its start to its end at its latency, with a cross at the end', () => {
    const { report, attempts } = run('++T+');

    const svg = render({ report, attempts });

    const xOf = timeScale(svg);
    const [bar] = byClass(svg.line, 'failed');
    expect(Number(bar.x1)).toBeCloseTo(xOf(attempts[2].startedAt), 0);
    expect(Number(bar.x2)).toBeCloseTo(xOf(attempts[2].endedAt), 0);
    expect(Number(bar.x2) - Number(bar.x1)).toBeGreaterThan(100);
    expect(bar.y1).toBe(bar.y2);
    expect(bar.stroke).toBe(SVG_COLOURS.failure);
    expect(bar.title).toBe('seq 3: 5000 ms, timed out after 5000 ms');
    const [cross] = byClass(svg.path, 'failure');
    expect(cross.d).toMatch(new RegExp(`^M${bar.x2} ${bar.y2}m`));
  });

  it('marks a failed call whose write landed as ambiguous, in its own colour and glyph, with a legend entry', () => {
    const { report, attempts } = run('++a-++');

    const svg = render({ report, attempts });

    expect(report.ambiguous).toEqual([3]);
    const [ambiguous] = byClass(svg.line, 'ambiguous');
    expect(ambiguous).toMatchObject({
      stroke: SVG_COLOURS.ambiguous,
      title: 'seq 3: 20 ms, HTTP 503, yet the write landed (ambiguous)',
    });
    expect(byClass(svg.path, 'ambiguous-mark')).toHaveLength(1);
    expect(byClass(svg.path, 'ambiguous-mark')[0].fill).toBe(SVG_COLOURS.ambiguous);
    expect(byClass(svg.line, 'failed')).toHaveLength(1);
    expect(SVG_COLOURS.ambiguous).not.toBe(SVG_COLOURS.failure);
    expect(texts(svg)).toContain('ambiguous: failed, yet written');
  });

  it('rings an acknowledged write that is missing from the read-back, and explains the ring in the legend', () => {
    const { report, attempts } = run('+L-+');

    const svg = render({ report, attempts });

    const [ring] = byClass(svg.circle, 'lost');
    const lostDot = byClass(svg.circle, 'success')[1];
    expect([ring.cx, ring.cy]).toEqual([lostDot.cx, lostDot.cy]);
    expect(texts(svg)).toContain('LOST: acknowledged, not read back');
    expect(texts(render(run('++-+')))).not.toContain('LOST: acknowledged, not read back');
  });

  it('marks a window that never closed as not recovered', () => {
    const { report, attempts } = run('++--');

    const svg = render({ report, attempts });

    expect(textOf(svg, 'downtime-label')).toEqual(['1.02 s down, not recovered']);
    expect(svg.title).toBe('Failover meter: run run-1 (FAIL)');
  });

  it('draws a labelled line at each marker, reaching up to its label', () => {
    const { report, attempts } = run('+++++');

    const rendered = renderSvgTimeline({
      report,
      attempts,
      markers: [{ at: attempts[2].startedAt, label: 'DB available' }],
    });

    expect(rendered).toContain('>DB available</text>'); // what run-drill.spec.ts looks for
    const svg = parseSvg(rendered);
    const [line] = byClass(svg.line, 'marker');
    const [label] = byClass(svg.text, 'marker-label');
    expect(Number(line.x1)).toBeCloseTo(timeScale(svg)(attempts[2].startedAt), 0);
    expect(Number(line.y1)).toBeLessThan(Number(label.y));
    expect(Number(line.y2)).toBe(bottom);
  });
});

describe('renderSvgTimeline: the header', () => {
  it('says what a passing verdict means: no acknowledged write lost, and the downtime', () => {
    const { report, attempts } = run('+++---+++++', { runId: 'run-42' });

    const svg = render({ report, attempts });

    expect(svg.title).toBe('Failover meter: run run-42 (PASS)');
    expect(textOf(svg, 'verdict')).toEqual(['PASS: no acknowledged write lost · downtime 3.02 s']);
    expect(byClass(svg.text, 'verdict')[0].fill).toBe(SVG_COLOURS.pass);
    expect(textOf(svg, 'hosts')).toEqual(['DB host: db-a → db-b (changed)']);
    expect(textOf(svg, 'failure-reasons')).toEqual(['failed calls: HTTP 503 ×3']);
    expect(textOf(svg, 'reason')).toEqual([]);
  });

  it('counts lost writes and windows in the headline, ambiguous writes under it, and shows why the run failed', () => {
    const { report, attempts } = run('+L-+a-+L+');

    const svg = render({ report, attempts });

    expect(textOf(svg, 'verdict')).toEqual(['FAIL: 2 acknowledged writes LOST · downtime 3.04 s in 2 windows']);
    expect(textOf(svg, 'failure-reasons')).toEqual(['failed calls, 1 of them ambiguous (written anyway): HTTP 503 ×3']);
    expect(byClass(svg.text, 'verdict')[0].fill).toBe(SVG_COLOURS.failure);
    expect(textOf(svg, 'reason')).toEqual(['why: acknowledged heartbeats LOST (seq 2, 8)']);
    expect(byClass(svg.text, 'reason')[0].title).toBe(report.verdict);
  });

  it("shows a failing run's reason when nothing was lost, e.g. writes still failing at the end", () => {
    const { report, attempts } = run('++--');

    const svg = render({ report, attempts });

    expect(textOf(svg, 'verdict')).toEqual(['FAIL: no acknowledged write lost · downtime 1.02 s, not recovered']);
    expect(textOf(svg, 'reason')).toEqual(['why: writes were still failing when the run ended']);
  });

  it('shows a reason given only in the verdict, like a drill whose failover did not go through', () => {
    const { report, attempts } = run('++-++');
    const drill = {
      ...report,
      ok: false,
      verdict: 'FAIL: the FIS experiment ended stopped (user stop); 1 failure window',
    };

    const svg = render({ report: drill, attempts });

    expect(textOf(svg, 'reason')).toEqual(['why: the FIS experiment ended stopped (user stop)']);
  });

  it('flags a forced failover that left the DB host unchanged', () => {
    const { report, attempts } = run('++-++', { sameHost: true });
    const markers = [{ at: attempts[1].startedAt, label: 'failover requested' }];
    const flag = 'DB host unchanged: the failover may not have happened';

    const svg = render({ report, attempts, markers });

    expect(textOf(svg, 'host-flag')).toEqual([flag]);
    expect(byClass(svg.text, 'host-flag')[0].fill).toBe(SVG_COLOURS.warning);
    expect(byClass(svg.rect, 'host-flag-background')).toHaveLength(1);
    expect(textOf(svg, 'hosts')).toEqual(['DB host: db-a before and after (unchanged)']);
    // Not without a forced failover, not when the host changed; the caller can say "forced" without a marker.
    expect(texts(render({ report, attempts }))).not.toContain(flag);
    expect(texts(render({ ...run('++-++'), markers }))).not.toContain(flag);
    expect(texts(render({ report, attempts, forcedFailover: true }))).toContain(flag);
  });

  it('says when a forced failover cannot be checked because the DB host was not reported', () => {
    const { report, attempts } = run('++-++');

    const svg = render({
      report: { ...report, hostBefore: undefined, hostChanged: false },
      attempts,
      forcedFailover: true,
    });

    expect(textOf(svg, 'host-flag')).toEqual(['DB host not reported: cannot tell whether the failover happened']);
    expect(textOf(svg, 'hosts')).toEqual(['DB host: unknown → db-b']);
  });

  it('puts each long DB host name on its own line instead of cutting it', () => {
    const { report, attempts } = run('++-++');
    const [before, after] = ['a'.repeat(60), 'b'.repeat(60)].map((host) => `${host}.eu-west-1.rds.amazonaws.com`);

    const svg = render({ report: { ...report, hostBefore: before, hostAfter: after }, attempts });

    expect(textOf(svg, 'hosts')).toEqual([`DB host before: ${before}`, `DB host after: ${after} (changed)`]);
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
    expect(textOf(svg, 'hosts')).toEqual([`DB host: ${hostile} → ${hostile} (changed)`]);
    expect(byClass(svg.line, 'failed')[0]).toMatchObject({ title: 'seq 2: 20 ms, </title><script>&' });
  });
});

/** A text's box, estimated from its font size and length: chromium measures DejaVu Sans at up to 0.62 em a character. */
interface TextBox {
  readonly text: string;
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
}

function textBoxes(svg: string): TextBox[] {
  const entities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
  return [...svg.matchAll(/<text ([^>]*)>([^<]*)/g)].map(([, attributes, raw]) => {
    const attribute = (name: string) => new RegExp(`(?:^| )${name}="([^"]*)"`).exec(attributes)?.[1];
    const text = raw.replace(/&(\w+);/g, (_entity, name: string) => entities[name]);
    const size = Number(attribute('font-size') ?? 12);
    const width = text.length * size * (attribute('font-weight') === 'bold' ? 0.7 : 0.64);
    const rotated = /translate\(([\d.]+) ([\d.]+)\) rotate\(-90\)/.exec(attribute('transform') ?? '');
    if (rotated) {
      // Only the y axis title is rotated: centred on its point, its glyphs rising to the left of it.
      const [x, y] = [Number(rotated[1]), Number(rotated[2])];
      return { text, x0: x - 0.8 * size, x1: x + 0.25 * size, y0: y - width / 2, y1: y + width / 2 };
    }
    const [x, y] = [Number(attribute('x')), Number(attribute('y'))];
    const anchor = attribute('text-anchor') ?? 'start';
    const x0 = anchor === 'middle' ? x - width / 2 : anchor === 'end' ? x - width : x;
    const middle = attribute('dominant-baseline') === 'middle';
    return {
      text,
      x0,
      x1: x0 + width,
      y0: middle ? y - size / 2 : y - 0.8 * size,
      y1: middle ? y + size / 2 : y + 0.25 * size,
    };
  });
}

function overlaps(boxes: readonly TextBox[]): string[] {
  const found: string[] = [];
  boxes.forEach((a, i) =>
    boxes.slice(i + 1).forEach((b) => {
      if (a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1) found.push(`"${a.text}" overlaps "${b.text}"`);
    }),
  );
  return found;
}

/** Many short windows a second apart, markers on top of them, long host names and failure reasons. */
function crowdedRun(): SvgTimelineInput {
  const { report, attempts } = run(`++++${'-+'.repeat(14)}-+--+a+L+-+T----++++`, { runId: 'drill-'.padEnd(70, 'x') });
  const host = (name: string) => `${name}-writer-instance.c9akciq32lmn.eu-west-1.rds.amazonaws.com`;
  const at = (seconds: number) => T0 + seconds * 1000;
  return {
    report: {
      ...report,
      hostBefore: host('before'),
      hostAfter: host('after'),
      failureReasons: { ...report.failureReasons, ['HTTP 502 BAD_GATEWAY: the integration timed out '.repeat(3)]: 1 },
    },
    attempts,
    markers: [
      { at: at(3.6), label: 'failover requested' },
      { at: at(3.9), label: 'experiment completed' },
      { at: at(4.1), label: 'DB available' },
      { at: at(51.5), label: 'late marker at the right edge' },
    ],
  };
}

describe('renderSvgTimeline: text layout', () => {
  it('finds overlapping text when there is some (so the checks below can fail)', () => {
    const svg =
      '<text x="10" y="20">failover requested</text><text x="60" y="24" font-weight="bold">3.02 s down</text>';

    expect(overlaps(textBoxes(svg))).toEqual(['"failover requested" overlaps "3.02 s down"']);
  });

  it.each([
    ['the README sample', sampleFailoverRun()],
    ['the failing sample', sampleFailingRun()],
    ['a crowded run: short windows close together, markers near them, long hosts and reasons', crowdedRun()],
  ])('keeps every text of %s apart and inside the picture', (_name, input) => {
    const rendered = renderSvgTimeline(input);
    const boxes = textBoxes(rendered);

    expect(overlaps(boxes)).toEqual([]);
    for (const box of boxes) {
      expect([
        box.text,
        box.x0 >= 0 && box.x1 <= SVG_LAYOUT.width && box.y0 >= 0 && box.y1 <= SVG_LAYOUT.height,
      ]).toEqual([box.text, true]);
    }
  });

  it('labels the crowded run as far as room allows: every marker, the longest windows, never a label twice', () => {
    const input = crowdedRun();

    const svg = render(input);

    expect(textOf(svg, 'marker-label')).toHaveLength(4);
    const windowLabels = textOf(svg, 'downtime-label');
    expect(windowLabels.length).toBeGreaterThan(3);
    expect(windowLabels.length).toBeLessThan(input.report.windows.length);
    expect(windowLabels).toContain('5.02 s down');
    // A cut line keeps its whole text in a tooltip.
    const reasons = byClass(svg.text, 'failure-reasons')[0];
    expect(reasons['#text']).toMatch(/…$/);
    expect(reasons.title).toMatch(
      /^failed calls, 1 of them ambiguous \(written anyway\): HTTP 503 ×\d+, timed out after 5000 ms ×1, HTTP 502/,
    );
  });
});

describe('the README sample', () => {
  it('is the picture the sample run renders today (regenerate: npx nx run failover-meter:sample-svg)', () => {
    const committed = readFileSync(path.join(__dirname, '../../docs/failover-sample.svg'), 'utf8');

    expect(committed).toBe(renderSvgTimeline(sampleFailoverRun()));
  });
});
