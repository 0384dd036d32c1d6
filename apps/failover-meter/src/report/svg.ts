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
}

/** The picture's geometry in SVG user units, which a browser renders 1:1 as CSS pixels. */
export const SVG_LAYOUT = {
  width: 960,
  height: 440,
  plot: { left: 80, top: 90, right: 930, bottom: 380 },
} as const;

/** One fill per meaning; opaque, so a rendered pixel of a window has exactly this colour. */
export const SVG_COLOURS = {
  background: '#ffffff',
  downtime: '#f6c1c1',
  success: '#1f6feb',
  failure: '#d1242f',
  marker: '#6e7781',
  axis: '#24292f',
  grid: '#e5e7eb',
} as const;

const { plot } = SVG_LAYOUT;
const PLOT_WIDTH = plot.right - plot.left;
const PLOT_HEIGHT = plot.bottom - plot.top;

/**
 * The run as an SVG timeline: every attempt's latency over time (successes as dots joined by a line, failures as
 * crosses), each failure window shaded and labelled with its length, the DB host before and after, and the verdict.
 */
export function renderSvgTimeline({ report, attempts, markers = [] }: SvgTimelineInput): string {
  const origin = report.startedAt ?? attempts[0]?.startedAt ?? 0;
  const lastMoment = Math.max(report.endedAt ?? origin, ...markers.map((marker) => marker.at));
  const xTicks = niceTicks(Math.max(lastMoment - origin, 1000) / 1000);
  const yTicks = niceTicks(Math.max(1, ...attempts.map(latencyOf)));
  const xOf = (epochMs: number) => plot.left + ((epochMs - origin) / 1000 / xTicks.max) * PLOT_WIDTH;
  const yOf = (latencyMs: number) => plot.bottom - (latencyMs / yTicks.max) * PLOT_HEIGHT;
  const verdictWord = report.ok ? 'PASS' : 'FAIL';
  const title = `Failover meter: run ${report.runId} (${verdictWord})`;

  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SVG_LAYOUT.width}" height="${SVG_LAYOUT.height}" ` +
      `viewBox="0 0 ${SVG_LAYOUT.width} ${SVG_LAYOUT.height}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="100%" height="100%" fill="${SVG_COLOURS.background}"/>`,
    ...report.windows.map((window) => downtimeWindow(window, xOf, lastMoment)),
    ...xTicks.values.map((seconds) => {
      const x = num(plot.left + (seconds / xTicks.max) * PLOT_WIDTH);
      return (
        `<line x1="${x}" y1="${plot.bottom}" x2="${x}" y2="${plot.bottom + 5}" stroke="${SVG_COLOURS.axis}"/>` +
        `<text x="${x}" y="${plot.bottom + 18}" text-anchor="middle">${num(seconds)}</text>`
      );
    }),
    ...yTicks.values.map((latency) => {
      const y = num(yOf(latency));
      return (
        `<line x1="${plot.left}" y1="${y}" x2="${plot.right}" y2="${y}" stroke="${SVG_COLOURS.grid}" stroke-width="0.5"/>` +
        `<text x="${plot.left - 8}" y="${y}" text-anchor="end" dominant-baseline="middle">${num(latency)}</text>`
      );
    }),
    `<path class="axes" d="M${plot.left} ${plot.top}V${plot.bottom}H${plot.right}" fill="none" stroke="${SVG_COLOURS.axis}"/>`,
    `<text class="axis-label" x="${plot.left + PLOT_WIDTH / 2}" y="${plot.bottom + 40}" text-anchor="middle">time since start (s)</text>`,
    `<text class="axis-label" transform="translate(24 ${plot.top + PLOT_HEIGHT / 2}) rotate(-90)" text-anchor="middle">latency (ms)</text>`,
    ...markers.map((marker) => markerLine(marker, xOf)),
    successLine(attempts, xOf, yOf),
    ...attempts.map((attempt) => attemptMark(attempt, xOf, yOf)),
    `<text class="title" x="${plot.left}" y="28" font-size="18" font-weight="bold">${escapeXml(title)}</text>`,
    `<text class="verdict" x="${plot.left}" y="50" fill="${report.ok ? SVG_COLOURS.axis : SVG_COLOURS.failure}">` +
      `${escapeXml(report.verdict)}</text>`,
    `<text class="host-before" x="${plot.left}" y="72">${escapeXml(`DB host before: ${report.hostBefore ?? 'unknown'}`)}</text>`,
    `<text class="host-after" x="${plot.right}" y="72" text-anchor="end">` +
      `${escapeXml(`DB host after: ${report.hostAfter ?? 'unknown'}${report.hostChanged ? ' (changed)' : ''}`)}</text>`,
    legend(),
    '</svg>',
  ];
  return `${parts.join('\n')}\n`;
}

function downtimeWindow(window: FailureWindow, xOf: (epochMs: number) => number, lastMoment: number): string {
  const x = xOf(window.start);
  const end = window.end ?? lastMoment;
  const width = Math.max(1, xOf(end) - x);
  const label = `${(window.durationMs / 1000).toFixed(2)} s down${window.end === undefined ? ' (not recovered)' : ''}`;
  return (
    `<rect class="downtime" x="${num(x)}" y="${plot.top}" width="${num(width)}" height="${PLOT_HEIGHT}" ` +
    `fill="${SVG_COLOURS.downtime}"/>` +
    `<text class="downtime-label" x="${num(x + width / 2)}" y="${plot.top + 16}" text-anchor="middle" ` +
    `fill="${SVG_COLOURS.failure}" font-weight="bold">${escapeXml(label)}</text>`
  );
}

function markerLine(marker: TimelineMarker, xOf: (epochMs: number) => number): string {
  const x = num(xOf(marker.at));
  return (
    `<line class="marker" x1="${x}" y1="${plot.top}" x2="${x}" y2="${plot.bottom}" stroke="${SVG_COLOURS.marker}" ` +
    `stroke-dasharray="4 3"/>` +
    `<text class="marker-label" transform="translate(${num(Number(x) - 4)} ${plot.top + 6}) rotate(-90)" ` +
    `text-anchor="end" fill="${SVG_COLOURS.marker}">${escapeXml(marker.label)}</text>`
  );
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
      runs[runs.length - 1].push(`${num(xOf(attempt.startedAt))},${num(yOf(latencyOf(attempt)))}`);
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

function attemptMark(
  attempt: AttemptRecord,
  xOf: (epochMs: number) => number,
  yOf: (latencyMs: number) => number,
): string {
  const x = num(xOf(attempt.startedAt));
  const y = num(yOf(latencyOf(attempt)));
  const tooltip = `seq ${attempt.seq}: ${latencyOf(attempt)} ms, ${
    attempt.acknowledged ? `ok${attempt.host ? ` on ${attempt.host}` : ''}` : (attempt.error ?? 'failed')
  }`;
  if (attempt.acknowledged) {
    return `<circle class="success" cx="${x}" cy="${y}" r="2.5" fill="${SVG_COLOURS.success}"><title>${escapeXml(tooltip)}</title></circle>`;
  }
  return (
    `<path class="failure" d="M${x} ${y}m-4 -4l8 8m0 -8l-8 8" stroke="${SVG_COLOURS.failure}" stroke-width="2">` +
    `<title>${escapeXml(tooltip)}</title></path>`
  );
}

function legend(): string {
  const x = SVG_LAYOUT.plot.right - 360;
  const y = SVG_LAYOUT.height - 14;
  return (
    `<g class="legend">` +
    `<circle cx="${x}" cy="${y - 4}" r="3" fill="${SVG_COLOURS.success}"/><text x="${x + 8}" y="${y}">acknowledged</text>` +
    `<path d="M${x + 120} ${y - 4}m-4 -4l8 8m0 -8l-8 8" stroke="${SVG_COLOURS.failure}" stroke-width="2"/>` +
    `<text x="${x + 130}" y="${y}">failed</text>` +
    `<rect x="${x + 180}" y="${y - 10}" width="14" height="10" fill="${SVG_COLOURS.downtime}"/>` +
    `<text x="${x + 200}" y="${y}">failure window (downtime)</text>` +
    `</g>`
  );
}

function latencyOf(attempt: AttemptRecord): number {
  return attempt.endedAt - attempt.startedAt;
}

/** Round tick steps (1, 2 or 5 times a power of ten), five to ten of them, the last one at or above `maxValue`. */
export function niceTicks(maxValue: number): { max: number; values: number[] } {
  const rough = maxValue / 8;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ?? 10 * power;
  const count = Math.max(1, Math.ceil(maxValue / step - 1e-9));
  return { max: count * step, values: Array.from({ length: count + 1 }, (_unused, index) => num(index * step)) };
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
