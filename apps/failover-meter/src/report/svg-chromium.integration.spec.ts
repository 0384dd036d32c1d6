// The timeline as a browser draws it: Debian's headless chromium screenshots the sample SVG, and the PNG's pixels
// must show the failure window's colour exactly over the window's x range, and nowhere else on the same row.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { sampleFailoverRun } from './sample-run';
import { renderSvgTimeline, SVG_COLOURS, SVG_LAYOUT } from './svg';

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

describe('the SVG timeline in a real browser', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'failover-svg-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('renders the failure window in its colour over exactly the window span', async () => {
    // GIVEN the README's sample run, one ~12.6 s window
    const chromium = findChromium();
    const sample = sampleFailoverRun();
    const svg = renderSvgTimeline(sample);
    const svgFile = path.join(dir, 'sample.svg');
    const pngFile = path.join(dir, 'sample.png');
    writeFileSync(svgFile, svg);
    const rect = /<rect class="downtime" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/.exec(svg);
    expect(rect).not.toBeNull();
    const [windowLeft, windowRight] = [Number(rect?.[1]), Number(rect?.[1]) + Number(rect?.[2])];

    // WHEN chromium screenshots it at the SVG's own size
    await promisify(execFile)(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--hide-scrollbars',
        '--force-device-scale-factor=1',
        `--user-data-dir=${path.join(dir, 'profile')}`,
        `--screenshot=${pngFile}`,
        `--window-size=${SVG_LAYOUT.width},${SVG_LAYOUT.height}`,
        `file://${svgFile}`,
      ],
      { timeout: 60_000 },
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

    // AND on a row of the plot between grid lines, the window colour covers the window's x range and nothing else
    const { top, bottom, left, right } = SVG_LAYOUT.plot;
    const row = Math.round(bottom - (bottom - top) * 0.25);
    const shaded: number[] = [];
    for (let x = left + 2; x < right; x++) if (near(pixel(x, row), SVG_COLOURS.downtime)) shaded.push(x);
    expect(shaded.length).toBeGreaterThan(0);
    expect(Math.min(...shaded)).toBeGreaterThanOrEqual(Math.floor(windowLeft) - 1);
    expect(Math.min(...shaded)).toBeLessThanOrEqual(Math.ceil(windowLeft) + 1);
    expect(Math.max(...shaded)).toBeGreaterThanOrEqual(Math.floor(windowRight) - 2);
    expect(Math.max(...shaded)).toBeLessThanOrEqual(Math.ceil(windowRight) + 1);
    // The span is solid apart from the odd mark drawn over it.
    expect(shaded.length).toBeGreaterThan((windowRight - windowLeft) * 0.9);

    // AND successes are drawn in their colour somewhere
    let successPixels = 0;
    for (let y = top; y < bottom; y++)
      for (let x = left; x < right; x++) if (near(pixel(x, y), SVG_COLOURS.success)) successPixels++;
    expect(successPixels).toBeGreaterThan(50);
  }, 90_000);
});
