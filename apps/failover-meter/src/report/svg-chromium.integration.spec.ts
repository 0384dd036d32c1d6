// The timeline as a browser draws it, in Debian's headless chromium: the screenshot's pixels must show the failure
// window's colour exactly over the window's x range and each failed call's bar from its start to its end; the text
// boxes chromium lays out must not overlap, and the width estimate the layout relies on must not be smaller.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { sampleFailingRun, sampleFailoverRun } from './sample-run';
import { renderSvgTimeline, SVG_COLOURS, SVG_LAYOUT, textWidth } from './svg';

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium'];

function findChromium(): string {
  const found = CHROMIUM_CANDIDATES.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new Error(
      `chromium was not found (looked in ${CHROMIUM_CANDIDATES.join(', ')}). Install it from Debian: ` +
        '`apt-get update && apt-get install -y chromium` (.ci/run does this).',
    );
  }
  return found;
}

function rgbOf(hex: string): [number, number, number] {
  return [1, 3, 5].map((offset) => parseInt(hex.slice(offset, offset + 2), 16)) as [number, number, number];
}

/** Every `<line class="...">` of that class: failed calls are bars from x1 (their start) to x2 (their end). */
function linesOf(svg: string, cls: string): { x1: number; y1: number; x2: number }[] {
  const pattern = new RegExp(`<line class="${cls}" x1="([\\d.]+)" y1="([\\d.]+)" x2="([\\d.]+)"`, 'g');
  return [...svg.matchAll(pattern)].map((match) => ({
    x1: Number(match[1]),
    y1: Number(match[2]),
    x2: Number(match[3]),
  }));
}

/** What chromium measured for one <text>: its own text (no tooltip), font, local width and on-screen box. */
interface MeasuredText {
  readonly text: string;
  readonly fontSize: number;
  readonly bold: boolean;
  readonly width: number;
  readonly box: { left: number; top: number; right: number; bottom: number };
}

// Runs in the page: getBBox is the unrotated width, getBoundingClientRect the box on screen (the page has no margin,
// so its coordinates are the SVG's). The result goes into the DOM that --dump-dom prints.
const MEASURE_SCRIPT = `
const measured = [...document.querySelectorAll('text')].map((t) => {
  const style = getComputedStyle(t);
  const r = t.getBoundingClientRect();
  return {
    text: t.firstChild.nodeValue,
    fontSize: parseFloat(style.fontSize),
    bold: Number(style.fontWeight) >= 700,
    width: t.getBBox().width,
    box: { left: r.left, top: r.top, right: r.right, bottom: r.bottom },
  };
});
const out = document.createElement('pre');
out.id = 'measured';
out.textContent = JSON.stringify(measured);
document.body.appendChild(out);
`;

const HTML_ENTITIES: Record<string, string> = { lt: '<', gt: '>', quot: '"', amp: '&' };

describe('the SVG timeline in a real browser', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'failover-svg-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const chromium = (...args: string[]) =>
    promisify(execFile)(
      findChromium(),
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--hide-scrollbars',
        '--force-device-scale-factor=1',
        `--user-data-dir=${path.join(dir, 'profile')}`,
        ...args,
      ],
      { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
    );

  it('renders the failure window and the failed calls in their colours over exactly their spans', async () => {
    // GIVEN the README's sample run: one ~12.5 s window opened by a 5 s timeout (ambiguous), then 1 s HTTP 503s
    const sample = sampleFailoverRun();
    const svg = renderSvgTimeline(sample);
    const svgFile = path.join(dir, 'sample.svg');
    const pngFile = path.join(dir, 'sample.png');
    writeFileSync(svgFile, svg);
    const rect = /<rect class="downtime" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/.exec(svg);
    expect(rect).not.toBeNull();
    const [windowLeft, windowRight] = [Number(rect?.[1]), Number(rect?.[1]) + Number(rect?.[2])];

    // WHEN chromium screenshots it at the SVG's own size
    await chromium(
      `--screenshot=${pngFile}`,
      `--window-size=${SVG_LAYOUT.width},${SVG_LAYOUT.height}`,
      `file://${svgFile}`,
    );

    // THEN the picture is the SVG's size and not blank
    const png = PNG.sync.read(readFileSync(pngFile));
    expect([png.width, png.height]).toEqual([SVG_LAYOUT.width, SVG_LAYOUT.height]);
    const pixel = (x: number, y: number) => {
      const at = (y * png.width + x) * 4;
      return [png.data[at], png.data[at + 1], png.data[at + 2]];
    };
    const near = (actual: number[], hex: string) => rgbOf(hex).every((value, i) => Math.abs(actual[i] - value) <= 3);
    const colours = new Set<string>();
    for (let y = 0; y < png.height; y += 3) for (let x = 0; x < png.width; x += 3) colours.add(pixel(x, y).join());
    expect(colours.size).toBeGreaterThan(20);
    const { top, bottom, left, right } = SVG_LAYOUT.plot;
    const spanOf = (row: number, hex: string) => {
      const xs: number[] = [];
      for (let x = left + 2; x < right; x++) if (near(pixel(x, row), hex)) xs.push(x);
      return { min: Math.min(...xs), max: Math.max(...xs), count: xs.length };
    };

    // AND on a row of the plot with no grid line and no mark inside the window (about 30 ms on the log axis, halfway
    // between the 10 ms and 100 ms lines), the window colour covers the window's x range and nothing else
    const shaded = spanOf(Math.round(bottom - (bottom - top) * 0.375), SVG_COLOURS.downtime);
    expect(shaded.count).toBeGreaterThan(0);
    expect(shaded.min).toBeGreaterThanOrEqual(Math.floor(windowLeft) - 1);
    expect(shaded.min).toBeLessThanOrEqual(Math.ceil(windowLeft) + 1);
    expect(shaded.max).toBeGreaterThanOrEqual(Math.floor(windowRight) - 2);
    expect(shaded.max).toBeLessThanOrEqual(Math.ceil(windowRight) + 1);
    // The span is solid apart from the odd mark drawn over it.
    expect(shaded.count).toBeGreaterThan((windowRight - windowLeft) * 0.9);

    // AND the timed-out call, alone at its latency, is a bar in the ambiguous colour from its start to its end (its
    // diamond reaching 5 px beyond)
    const [timeout] = linesOf(svg, 'ambiguous');
    const ambiguous = spanOf(Math.round(timeout.y1), SVG_COLOURS.ambiguous);
    expect(ambiguous.min).toBeGreaterThanOrEqual(Math.floor(timeout.x1) - 1);
    expect(ambiguous.min).toBeLessThanOrEqual(Math.ceil(timeout.x1) + 1);
    expect(ambiguous.max).toBeGreaterThanOrEqual(Math.floor(timeout.x2) + 3);
    expect(ambiguous.max).toBeLessThanOrEqual(Math.ceil(timeout.x2) + 6);
    expect(ambiguous.count).toBeGreaterThan((timeout.x2 - timeout.x1) * 0.9);

    // AND each HTTP 503 is a bar in the failure colour all along from its start to its end
    const failed = linesOf(svg, 'failed');
    expect(failed.length).toBeGreaterThan(5);
    for (const bar of failed) {
      const xs = Array.from(
        { length: Math.floor(bar.x2) - Math.ceil(bar.x1) - 1 },
        (_unused, i) => Math.ceil(bar.x1) + 1 + i,
      );
      const red = xs.filter((x) => near(pixel(x, Math.round(bar.y1)), SVG_COLOURS.failure));
      expect(red.length).toBeGreaterThan(xs.length * 0.9);
    }

    // AND successes are drawn in their colour somewhere
    let successPixels = 0;
    for (let y = top; y < bottom; y++)
      for (let x = left; x < right; x++) if (near(pixel(x, y), SVG_COLOURS.success)) successPixels++;
    expect(successPixels).toBeGreaterThan(50);
  }, 90_000);

  it.each([
    ['the README sample', sampleFailoverRun()],
    ['the crowded failing sample', sampleFailingRun()],
  ])(
    'lays out the text of %s without overlaps, each within the estimated width',
    async (name, sample) => {
      const htmlFile = path.join(dir, `${name.replace(/\W+/g, '-')}.html`);
      writeFileSync(
        htmlFile,
        `<!DOCTYPE html><html><body style="margin:0">${renderSvgTimeline(sample)}<script>${MEASURE_SCRIPT}</script></body></html>`,
      );

      const { stdout } = await chromium('--dump-dom', `file://${htmlFile}`);

      const json = /<pre id="measured">([^<]*)<\/pre>/.exec(stdout)?.[1] ?? '[]';
      const measured = JSON.parse(
        json.replace(/&(lt|gt|quot|amp);/g, (_entity, name: string) => HTML_ENTITIES[name]),
      ) as MeasuredText[];
      expect(measured.length).toBeGreaterThan(20);
      const overlaps: string[] = [];
      measured.forEach((a, i) =>
        measured.slice(i + 1).forEach(({ text, box: b }) => {
          const { box } = a;
          if (box.left < b.right && b.left < box.right && box.top < b.bottom && b.top < box.bottom) {
            overlaps.push(`"${a.text}" overlaps "${text}"`);
          }
        }),
      );
      expect(overlaps).toEqual([]);
      const tooNarrow = measured.filter((t) => t.width > textWidth(t.text, t.fontSize, t.bold)).map((t) => t.text);
      expect(tooNarrow).toEqual([]);
      for (const { box, text } of measured) {
        expect([text, box.left >= 0 && box.right <= SVG_LAYOUT.width && box.bottom <= SVG_LAYOUT.height]).toEqual([
          text,
          true,
        ]);
      }
    },
    90_000,
  );
});
