import type { AttemptRecord } from './attempt';
import type { FailureWindow, MeterReport } from './build-report';

/** Moments worth a vertical marker, e.g. when a drill requested the failover. Epoch milliseconds. */
export interface TimelineMarker {
  readonly at: number;
  readonly label: string;
}

export interface SvgTimelineInput {
  readonly report: MeterReport;
  readonly attempts: readonly AttemptRecord[];
  /** @default none */
  readonly markers?: readonly TimelineMarker[];
  /**
   * The run forced a failover, so the DB host should differ before and after.
   * @default true when a marker's label mentions a failover (the drill's "failover requested")
   */
  readonly forcedFailover?: boolean;
}

/** The picture's geometry in SVG user units, which a browser renders 1:1 as CSS pixels. */
export const SVG_LAYOUT = {
  width: 960,
  height: 600,
  plot: { left: 90, top: 190, right: 930, bottom: 500 },
} as const;

/** One fill per meaning; opaque, so a rendered pixel of a window has exactly this colour. */
export const SVG_COLOURS = {
  background: '#ffffff',
  downtime: '#f6c1c1',
  success: '#1f6feb',
  failure: '#d1242f',
  /** Failed for the caller, yet the row landed: the outcome was unknown when the call ended. */
  ambiguous: '#8250df',
  pass: '#1a7f37',
  marker: '#6e7781',
  axis: '#24292f',
  grid: '#e5e7eb',
  warning: '#7d4e00',
  warningBackground: '#fff1c2',
} as const;

/** The fate of one attempt once the read-back is known. */
type AttemptFate = 'acknowledged' | 'lost' | 'failed' | 'ambiguous';

const { plot } = SVG_LAYOUT;
const PLOT_WIDTH = plot.right - plot.left;
const PLOT_HEIGHT = plot.bottom - plot.top;
const MARGIN = 20;
const FONT_SIZE = 12;
/** Window and marker labels sit in lanes above the plot, so they never cover data and a crowded run can stack them. */
const LABEL_LANES = 3;
const LANE_HEIGHT = 16;
const LABEL_GAP = 6;
/** Baseline of the legend's first row; a second one may follow 20 below. */
const LEGEND_TOP = SVG_LAYOUT.height - 36;
/** Lines under the headline that fit above the label lanes. */
const MAX_HEADER_LINES = 4;

/**
 * The run as an SVG timeline for whoever is on call: a verdict in words on top, then every attempt over absolute UTC
 * time on a log latency axis (a 14 ms write and a 5 s timeout both readable). A failed call is a bar from its start to
 * its end, so a timeout visibly covers the seconds it blocked; writes of unknown outcome and lost writes have their own
 * glyphs; each failure window is shaded and labelled with its length.
 */
export function renderSvgTimeline({ report, attempts, markers = [], forcedFailover }: SvgTimelineInput): string {
  const start = Math.min(report.startedAt ?? attempts[0]?.startedAt ?? 0, ...markers.map((marker) => marker.at));
  const end = Math.max(report.endedAt ?? start, ...attempts.map((a) => a.endedAt), ...markers.map((m) => m.at));
  const time = timeAxis(start, end);
  const latency = latencyAxis(Math.max(0, ...attempts.map(latencyOf)));
  const fates = attemptFates(report);
  const forced = forcedFailover ?? markers.some((marker) => /failover/i.test(marker.label));
  const title = `Failover meter: run ${report.runId} (${report.ok ? 'PASS' : 'FAIL'})`;
  const lanes = new LabelLanes();

  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SVG_LAYOUT.width}" height="${SVG_LAYOUT.height}" ` +
      `viewBox="0 0 ${SVG_LAYOUT.width} ${SVG_LAYOUT.height}" font-family="sans-serif" font-size="${FONT_SIZE}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="100%" height="100%" fill="${SVG_COLOURS.background}"/>`,
    ...report.windows.map((window) => downtimeRect(window, time.xOf, end)),
    ...latencyGrid(latency),
    ...timeTicks(time),
    `<path class="axes" d="M${plot.left} ${plot.top}V${plot.bottom}H${plot.right}" fill="none" stroke="${SVG_COLOURS.axis}"/>`,
    textElement('axis-label', plot.left + PLOT_WIDTH / 2, plot.bottom + 40, time.title, { anchor: 'middle' }),
    `<text class="axis-label" transform="translate(28 ${plot.top + PLOT_HEIGHT / 2}) rotate(-90)" text-anchor="middle">` +
      `latency (log scale)</text>`,
    // Markers claim lanes first: there are few of them and each names a moment the drill caused. The latest goes
    // first, so an earlier marker's line, climbing to a higher lane, passes left of the later labels.
    ...[...markers].sort((a, b) => b.at - a.at).map((marker) => markerLine(marker, time.xOf(marker.at), lanes)),
    // The longest windows claim lanes next; a short window whose label fits nowhere stays shaded but unlabelled.
    ...[...report.windows]
      .sort((a, b) => b.durationMs - a.durationMs)
      .map((window) => windowLabel(window, time.xOf(window.start), time.xOf(window.end ?? end), lanes)),
    successLine(attempts, time.xOf, latency.yOf),
    ...attempts.map((attempt) => attemptMark(attempt, fates(attempt), time.xOf, latency.yOf)),
    textElement('title', MARGIN, 28, title, { size: 18, bold: true, maxWidth: SVG_LAYOUT.width - 2 * MARGIN }),
    ...header(report, forced),
    legend(report.lost.length > 0),
    '</svg>',
  ];
  return `${parts.filter((part) => part !== '').join('\n')}\n`;
}

/** Whole seconds to a few hours per tick, picked so that at most this many HH:MM:SS labels share the axis. */
const TIME_STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
const MAX_TIME_TICKS = 8;
/** Shorter runs are drawn over this span, so the axis still carries a few ticks. */
const MIN_TIME_SPAN_MS = 5000;

/** Absolute UTC time: ticks on round clock times (10:00:05, not 5.0 s after the start), the date once in the title. */
function timeAxis(fromMs: number, toMs: number) {
  const span = Math.max(toMs - fromMs, MIN_TIME_SPAN_MS);
  // A little room at both ends, so the first and last glyphs are not drawn on the frame.
  const left = fromMs - span * 0.02;
  const right = fromMs + span * 1.02;
  const stepS = TIME_STEPS_S.find((step) => span / (step * 1000) <= MAX_TIME_TICKS) ?? 86400;
  const step = stepS * 1000;
  const ticks: number[] = [];
  for (let tick = Math.ceil(left / step) * step; tick <= right; tick += step) ticks.push(tick);
  const [firstDay, lastDay] = [fromMs, toMs].map((ms) => new Date(ms).toISOString().slice(0, 10));
  return {
    xOf: (epochMs: number) => plot.left + ((epochMs - left) / (right - left)) * PLOT_WIDTH,
    ticks,
    title: `time (UTC) on ${firstDay === lastDay ? firstDay : `${firstDay} to ${lastDay}`}`,
  };
}

/** The latency axis starts at 1 ms and spans at least up to 10 s; only a longer attempt extends it by decades. */
const MIN_DECADES = 4;
const MAX_DECADES = 7;

/**
 * Decades of latency on a log scale, 1 ms at the bottom: a healthy 14 ms write and a 5 s timeout are a full axis
 * apart instead of the first one being squashed onto the x axis. 0, negative and sub-millisecond latencies (clock
 * skew, a refused connection) sit on the 1 ms floor instead of going to minus infinity.
 */
function latencyAxis(maxLatencyMs: number) {
  const needed = Math.ceil(Math.log10(Number.isFinite(maxLatencyMs) && maxLatencyMs > 1 ? maxLatencyMs : 1));
  const decades = Math.min(MAX_DECADES, Math.max(MIN_DECADES, needed));
  const ceiling = 10 ** decades;
  return {
    // `>= 1` is false for NaN too, so every input gives a finite coordinate.
    yOf: (latencyMs: number) =>
      plot.bottom - (Math.log10(latencyMs >= 1 ? Math.min(latencyMs, ceiling) : 1) / decades) * PLOT_HEIGHT,
    ticks: Array.from({ length: decades + 1 }, (_unused, power) => 10 ** power),
  };
}

function latencyGrid({ yOf, ticks }: ReturnType<typeof latencyAxis>): string[] {
  const decades = ticks.map((latency) => {
    const y = num(yOf(latency));
    const label = latency >= 1000 ? `${latency / 1000} s` : `${latency} ms`;
    return (
      `<line class="grid" x1="${plot.left}" y1="${y}" x2="${plot.right}" y2="${y}" stroke="${SVG_COLOURS.grid}"/>` +
      textElement('tick', plot.left - 8, y, label, { anchor: 'end', middle: true })
    );
  });
  // Unlabelled 2..9 ticks on the axis show that the spacing is logarithmic.
  const minor = ticks.slice(0, -1).flatMap((decade) =>
    [2, 3, 4, 5, 6, 7, 8, 9].map((factor) => {
      const y = num(yOf(decade * factor));
      return `<line x1="${plot.left - 3}" y1="${y}" x2="${plot.left}" y2="${y}" stroke="${SVG_COLOURS.axis}"/>`;
    }),
  );
  return [...decades, minor.join('')];
}

function timeTicks({ xOf, ticks }: ReturnType<typeof timeAxis>): string[] {
  return ticks.map((tick) => {
    const x = num(xOf(tick));
    return (
      `<line x1="${x}" y1="${plot.bottom}" x2="${x}" y2="${plot.bottom + 5}" stroke="${SVG_COLOURS.axis}"/>` +
      textElement('tick', x, plot.bottom + 18, new Date(tick).toISOString().slice(11, 19), { anchor: 'middle' })
    );
  });
}

/** Title-line facts in words: what the verdict means, why a run failed, what the failed calls said, where writes went. */
function header(report: MeterReport, forcedFailover: boolean): string[] {
  const width = SVG_LAYOUT.width - 2 * MARGIN;
  const headline = textElement('verdict', MARGIN, 54, verdictHeadline(report), {
    size: 15,
    bold: true,
    fill: report.ok ? SVG_COLOURS.pass : SVG_COLOURS.failure,
    maxWidth: width,
  });
  const lines: { cls: string; text: string; fill?: string; flag?: boolean; tooltip?: string }[] = [];
  if (!report.ok) {
    // The verdict is "FAIL: <reason>; <counts>": the counts are in the headline already, the whole text in a tooltip.
    const reason = report.verdict.replace(/^FAIL: /, '').split('; ')[0];
    lines.push({ cls: 'reason', text: `why: ${reason}`, fill: SVG_COLOURS.failure, tooltip: report.verdict });
  }
  const reasons = Object.entries(report.failureReasons).sort(([, a], [, b]) => b - a);
  if (reasons.length > 0) {
    const counted = reasons.map(([reason, count]) => `${reason} ×${count}`).join(', ');
    // First on the line, so a long list of reasons cannot push it out of the picture.
    const ambiguous =
      report.ambiguous.length > 0 ? `, ${report.ambiguous.length} of them ambiguous (written anyway)` : '';
    lines.push({ cls: 'failure-reasons', text: `failed calls${ambiguous}: ${counted}` });
  }
  const flag = hostFlag(report, forcedFailover);
  lines.push(...hostLines(report, width, MAX_HEADER_LINES - lines.length - (flag === undefined ? 0 : 1)));
  if (flag !== undefined) lines.push({ cls: 'host-flag', text: flag, fill: SVG_COLOURS.warning, flag: true });
  return [
    headline,
    ...lines.map((line, index) => {
      const y = 74 + index * 18;
      const { fill, flag: bold, tooltip } = line;
      const text = textElement(line.cls, MARGIN, y, line.text, { fill, bold, tooltip, maxWidth: width });
      if (!line.flag) return text;
      const textSpan = Math.min(width, textWidth(line.text, FONT_SIZE, true));
      const background = `x="${MARGIN - 4}" y="${y - 12}" width="${num(textSpan + 8)}" height="16"`;
      return `<rect class="host-flag-background" ${background} fill="${SVG_COLOURS.warningBackground}" stroke="${SVG_COLOURS.warning}"/>${text}`;
    }),
  ];
}

/** "PASS: no acknowledged write lost · downtime 12.5 s": the two facts an on-call engineer is asked for first. */
function verdictHeadline(report: MeterReport): string {
  const lost = report.lost.length;
  const loss =
    lost > 0
      ? `${lost} acknowledged ${lost === 1 ? 'write' : 'writes'} LOST`
      : report.lossCheckError !== undefined
        ? 'writes not read back: loss unknown'
        : report.successes === 0
          ? 'no write was acknowledged'
          : 'no acknowledged write lost';
  const windows = report.windows.length;
  const downtime =
    windows === 0
      ? 'no downtime'
      : `downtime ${formatDuration(report.totalDowntimeMs)}${windows > 1 ? ` in ${windows} windows` : ''}`;
  return `${report.ok ? 'PASS' : 'FAIL'}: ${loss} · ${downtime}${report.recovered ? '' : ', not recovered'}`;
}

function hostLines(report: MeterReport, width: number, linesLeft: number): { cls: string; text: string }[] {
  const { hostBefore, hostAfter } = report;
  if (hostBefore !== undefined && hostBefore === hostAfter) {
    return [{ cls: 'hosts', text: `DB host: ${hostBefore} before and after (unchanged)` }];
  }
  const [before, after] = [
    hostBefore ?? 'unknown',
    `${hostAfter ?? 'unknown'}${report.hostChanged ? ' (changed)' : ''}`,
  ];
  const oneLine = `DB host: ${before} → ${after}`;
  // Long RDS endpoint names do not fit twice on one line: then each gets its own instead of being cut.
  if (textWidth(oneLine, FONT_SIZE) <= width || linesLeft < 2) return [{ cls: 'hosts', text: oneLine }];
  return [
    { cls: 'hosts', text: `DB host before: ${before}` },
    { cls: 'hosts', text: `DB host after: ${after}` },
  ];
}

/** A forced failover that leaves the writer on the same host most likely did not happen: say so, loudly. */
function hostFlag(report: MeterReport, forcedFailover: boolean): string | undefined {
  if (!forcedFailover || report.hostChanged) return undefined;
  if (report.hostBefore !== undefined && report.hostBefore === report.hostAfter) {
    return 'DB host unchanged: the failover may not have happened';
  }
  return 'DB host not reported: cannot tell whether the failover happened';
}

function downtimeRect(window: FailureWindow, xOf: (epochMs: number) => number, lastMoment: number): string {
  const x = xOf(window.start);
  const width = Math.max(1, xOf(window.end ?? lastMoment) - x);
  return (
    `<rect class="downtime" x="${num(x)}" y="${plot.top}" width="${num(width)}" height="${PLOT_HEIGHT}" ` +
    `fill="${SVG_COLOURS.downtime}"/>`
  );
}

function windowLabel(window: FailureWindow, left: number, right: number, lanes: LabelLanes): string {
  const duration = formatDuration(window.durationMs);
  const candidates = [`${duration} down${window.end === undefined ? ', not recovered' : ''}`, duration];
  for (const label of candidates) {
    const width = textWidth(label, FONT_SIZE, true);
    const from = Math.min(Math.max((left + right) / 2 - width / 2, plot.left), plot.right - width);
    const lane = lanes.claim(from, from + width);
    if (lane === undefined) continue;
    return textElement('downtime-label', from + width / 2, laneBaseline(lane), label, {
      anchor: 'middle',
      bold: true,
      fill: SVG_COLOURS.failure,
    });
  }
  return '';
}

function markerLine(marker: TimelineMarker, x: number, lanes: LabelLanes): string {
  const width = textWidth(marker.label, FONT_SIZE);
  // Label to the right of the line, or to its left when it would run off the picture.
  const toTheLeft = x + 3 + width > SVG_LAYOUT.width - 4;
  const from = toTheLeft ? x - 3 - width : x + 3;
  const lane = lanes.claim(from, from + width, x);
  const top = lane === undefined ? plot.top : laneBaseline(lane) - FONT_SIZE;
  const line =
    `<line class="marker" x1="${num(x)}" y1="${num(top)}" x2="${num(x)}" y2="${plot.bottom}" ` +
    `stroke="${SVG_COLOURS.marker}" stroke-dasharray="4 3"><title>${escapeXml(marker.label)}</title></line>`;
  if (lane === undefined) return line;
  const label = textElement('marker-label', toTheLeft ? x - 3 : x + 3, laneBaseline(lane), marker.label, {
    anchor: toTheLeft ? 'end' : 'start',
    fill: SVG_COLOURS.marker,
  });
  return line + label;
}

function laneBaseline(lane: number): number {
  return plot.top - 6 - lane * LANE_HEIGHT;
}

/** Horizontal stretches already taken in each label lane above the plot; lane 0 is nearest the plot. */
class LabelLanes {
  private readonly taken: [number, number][][] = Array.from({ length: LABEL_LANES }, () => []);

  /**
   * The lowest lane where [from, to] is free. A marker passes `stemAt`, the x of its line, which has to reach up to
   * the label: it must not cross a label in a lane below, and it blocks those lanes for the labels placed after it.
   */
  claim(from: number, to: number, stemAt?: number): number | undefined {
    for (let lane = 0; lane < LABEL_LANES; lane++) {
      if (this.isFree(lane, from, to, LABEL_GAP)) {
        this.taken[lane].push([from, to]);
        for (let below = 0; stemAt !== undefined && below < lane; below++)
          this.taken[below].push([stemAt - 1, stemAt + 1]);
        return lane;
      }
      if (stemAt !== undefined && !this.isFree(lane, stemAt - 1, stemAt + 1, 2)) return undefined;
    }
    return undefined;
  }

  private isFree(lane: number, from: number, to: number, gap: number): boolean {
    return this.taken[lane].every(([a, b]) => to + gap <= a || from >= b + gap);
  }
}

/** Successes joined by a line, broken at every failure so a window shows as a gap, not a slope. */
function successLine(
  attempts: readonly AttemptRecord[],
  xOf: (epochMs: number) => number,
  yOf: (latencyMs: number) => number,
): string {
  const runs: string[][] = [[]];
  for (const attempt of attempts) {
    if (attempt.acknowledged)
      runs[runs.length - 1].push(`${num(xOf(attempt.endedAt))},${num(yOf(latencyOf(attempt)))}`);
    else if (runs[runs.length - 1].length > 0) runs.push([]);
  }
  return runs
    .filter((points) => points.length > 1)
    .map(
      (points) =>
        `<polyline class="latency" points="${points.join(' ')}" fill="none" stroke="${SVG_COLOURS.success}" stroke-width="1"/>`,
    )
    .join('\n');
}

/** Lost and ambiguous are only known from the read-back, which the report holds by seq. */
function attemptFates(report: MeterReport): (attempt: AttemptRecord) => AttemptFate {
  const lost = new Set(report.lost);
  const ambiguous = new Set(report.ambiguous);
  return ({ seq, acknowledged }) =>
    acknowledged ? (lost.has(seq) ? 'lost' : 'acknowledged') : ambiguous.has(seq) ? 'ambiguous' : 'failed';
}

/**
 * Every glyph sits where the answer came back (the attempt's end) at the attempt's latency. A failure also gets a bar
 * back to its start: a 5 s timeout then covers the 5 s it blocked instead of looking like one instant.
 */
function attemptMark(
  attempt: AttemptRecord,
  fate: AttemptFate,
  xOf: (epochMs: number) => number,
  yOf: (latencyMs: number) => number,
): string {
  const [x, x0, y] = [num(xOf(attempt.endedAt)), num(xOf(attempt.startedAt)), num(yOf(latencyOf(attempt)))];
  const outcome = {
    acknowledged: `ok${attempt.host ? ` on ${attempt.host}` : ''}`,
    lost: `acknowledged${attempt.host ? ` on ${attempt.host}` : ''} but LOST: not read back`,
    failed: attempt.error ?? 'failed',
    ambiguous: `${attempt.error ?? 'failed'}, yet the write landed (ambiguous)`,
  }[fate];
  const tooltip = `<title>${escapeXml(`seq ${attempt.seq}: ${latencyOf(attempt)} ms, ${outcome}`)}</title>`;
  if (fate === 'acknowledged' || fate === 'lost') {
    const dot = `<circle class="success" cx="${x}" cy="${y}" r="2.5" fill="${SVG_COLOURS.success}">${tooltip}</circle>`;
    return fate === 'acknowledged' ? dot : `${dot}${glyph('lost', x, y)}`;
  }
  const colour = fate === 'failed' ? SVG_COLOURS.failure : SVG_COLOURS.ambiguous;
  return (
    `<line class="${fate}" x1="${x0}" y1="${y}" x2="${x}" y2="${y}" stroke="${colour}" stroke-width="3">${tooltip}</line>` +
    glyph(fate, x, y)
  );
}

/** The end-of-attempt glyphs, shared by the plot and the legend so the two always match. */
function glyph(kind: 'acknowledged' | 'failed' | 'ambiguous' | 'lost', x: number, y: number): string {
  switch (kind) {
    case 'acknowledged':
      return `<circle cx="${x}" cy="${y}" r="3" fill="${SVG_COLOURS.success}"/>`;
    case 'failed':
      return `<path class="failure" d="M${x} ${y}m-4 -4l8 8m0 -8l-8 8" stroke="${SVG_COLOURS.failure}" stroke-width="2"/>`;
    case 'ambiguous':
      return `<path class="ambiguous-mark" d="M${x} ${y}m0 -5l5 5l-5 5l-5 -5z" fill="${SVG_COLOURS.ambiguous}"/>`;
    case 'lost':
      return `<circle class="lost" cx="${x}" cy="${y}" r="6" fill="none" stroke="${SVG_COLOURS.failure}" stroke-width="2"/>`;
  }
}

/** Under the axis title, wrapped onto a second row when needed; the lost entry only when something was lost. */
function legend(anyLost: boolean): string {
  const bar = (colour: string, x: number, y: number) =>
    `<line x1="${x - 10}" y1="${y}" x2="${x + 4}" y2="${y}" stroke="${colour}" stroke-width="3"/>`;
  const entries: { draw: (x: number, y: number) => string; label: string }[] = [
    { draw: (x, y) => glyph('acknowledged', x, y), label: 'acknowledged write' },
    {
      draw: (x, y) => bar(SVG_COLOURS.failure, x, y) + glyph('failed', x + 4, y),
      label: 'failed call, start to end',
    },
    {
      draw: (x, y) => bar(SVG_COLOURS.ambiguous, x, y) + glyph('ambiguous', x + 4, y),
      label: 'ambiguous: failed, yet written',
    },
    ...(anyLost
      ? [{ draw: (x: number, y: number) => glyph('lost', x, y), label: 'LOST: acknowledged, not read back' }]
      : []),
    {
      draw: (x, y) => `<rect x="${num(x - 7)}" y="${y - 6}" width="14" height="10" fill="${SVG_COLOURS.downtime}"/>`,
      label: 'failure window (downtime)',
    },
  ];
  let [x, row] = [MARGIN + 10, 0];
  const items = entries.map(({ draw, label }) => {
    const width = 14 + textWidth(label, FONT_SIZE);
    if (x + width > SVG_LAYOUT.width - MARGIN) [x, row] = [MARGIN + 10, row + 1];
    const y = LEGEND_TOP + row * 20;
    const item = draw(x, y - 4) + textElement('legend', x + 14, y, label);
    x = num(x + width + 24);
    return item;
  });
  return `<g class="legend">${items.join('')}</g>`;
}

interface TextOptions {
  readonly size?: number;
  readonly bold?: boolean;
  readonly anchor?: 'start' | 'middle' | 'end';
  /** Centre vertically on y instead of sitting on it. */
  readonly middle?: boolean;
  readonly fill?: string;
  /** Longer text is cut with an ellipsis and kept whole in a tooltip. */
  readonly maxWidth?: number;
  /** @default the whole text when it was cut, else none */
  readonly tooltip?: string;
}

function textElement(cls: string, x: number, y: number, content: string, options: TextOptions = {}): string {
  const { size = FONT_SIZE, bold = false, anchor = 'start', middle = false, fill, maxWidth = Infinity } = options;
  const shown = fitText(content, maxWidth, size, bold);
  const tooltip = options.tooltip ?? (shown === content ? undefined : content);
  const attributes = [
    `class="${cls}" x="${num(x)}" y="${num(y)}"`,
    size === FONT_SIZE ? '' : `font-size="${size}"`,
    bold ? 'font-weight="bold"' : '',
    anchor === 'start' ? '' : `text-anchor="${anchor}"`,
    middle ? 'dominant-baseline="middle"' : '',
    fill === undefined ? '' : `fill="${fill}"`,
  ].filter((attribute) => attribute !== '');
  const title = tooltip === undefined ? '' : `<title>${escapeXml(tooltip)}</title>`;
  return `<text ${attributes.join(' ')}>${escapeXml(shown)}${title}</text>`;
}

/**
 * Approximate advance width, on the wide side: in chromium, DejaVu Sans (Debian's default sans-serif) takes up to
 * 0.62 em per character of these labels ("100 ms"), bold ones too; svg-chromium.integration.spec.ts measures them.
 */
export function textWidth(text: string, fontSize: number, bold = false): number {
  return text.length * fontSize * (bold ? 0.7 : 0.64);
}

function fitText(text: string, maxWidth: number, size: number, bold: boolean): string {
  if (textWidth(text, size, bold) <= maxWidth) return text;
  const fits = Math.max(0, Math.floor(maxWidth / textWidth('x', size, bold)) - 1);
  return `${text.slice(0, fits)}…`;
}

/** Seconds, with hundredths while they still matter. */
function formatDuration(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(milliseconds < 10_000 ? 2 : 1)} s`;
}

function latencyOf(attempt: AttemptRecord): number {
  return attempt.endedAt - attempt.startedAt;
}

/** Two decimals at most: stable output, no float noise like 0.30000000000000004. */
function num(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Text and attribute values alike: run ids, hosts and error reasons come from outside. */
export function escapeXml(text: string): string {
  // XML 1.0 has no escape for most control characters: they are dropped.
  const printable = text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
  return printable.replace(/[<>&"']/g, (character) => XML_ENTITIES[character]);
}

const XML_ENTITIES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' };
