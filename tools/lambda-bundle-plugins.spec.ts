import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const WORKSPACE_ROOT = path.resolve(__dirname, '..');
const MYSQL2_ERRORS = path.join(WORKSPACE_ROOT, 'node_modules/mysql2/lib/constants/errors.js');
const workFolder = mkdtempSync(path.join(tmpdir(), 'lambda-bundle-plugins-'));
afterAll(() => rmSync(workFolder, { recursive: true, force: true }));

function node(args: string[]) {
  return spawnSync(process.execPath, args, { cwd: WORKSPACE_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

describe('the compact mysql2 error table (tools/lambda-bundle-plugins.mjs)', () => {
  it('rebuilds every name -> number and number -> name entry of mysql2 constants/errors.js, and nothing else', () => {
    const plugins = pathToFileURL(path.join(WORKSPACE_ROOT, 'tools/lambda-bundle-plugins.mjs')).href;
    const script = `
      import { createRequire } from 'node:module';
      import { compactMysqlErrorTable } from ${JSON.stringify(plugins)};
      const table = createRequire(import.meta.url)(${JSON.stringify(MYSQL2_ERRORS)});
      const rebuilt = {};
      new Function('exports', compactMysqlErrorTable(table))(rebuilt);
      process.stdout.write(JSON.stringify({ rebuilt, source: compactMysqlErrorTable(table).length }));`;
    const result = node(['--input-type=module', '-e', script]);
    expect(result.stderr).toBe('');
    const { rebuilt, source } = JSON.parse(result.stdout) as { rebuilt: Record<string, unknown>; source: number };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const original = { ...(require(MYSQL2_ERRORS) as Record<string, unknown>) };

    expect(Object.keys(original).length).toBeGreaterThan(3_000);
    expect(rebuilt).toEqual(original);
    // The point of it: well under half the original file.
    expect(source).toBeLessThan(readFileSync(MYSQL2_ERRORS, 'utf8').length / 2);
  });
});

describe('the Lambda bundle budget (tools/lambda-bundle-budget.json)', () => {
  const { maxBytes } = JSON.parse(readFileSync(path.join(WORKSPACE_ROOT, 'tools/lambda-bundle-budget.json'), 'utf8'));

  const tooBig = path.join(workFolder, 'too-big.ts');
  beforeAll(() => {
    // Text that minification cannot shrink below the budget.
    const filler = Array.from({ length: Math.ceil(maxBytes / 32) + 1_000 }, (_, i) => `${i.toString(36)}x`.repeat(8));
    writeFileSync(tooBig, `export const handler = async (): Promise<number> => ${JSON.stringify(filler)}.length;\n`);
  });

  it('refuses a bundle above it, naming the size and the budget, and writes nothing', () => {
    const entry = tooBig;
    const outdir = path.join(workFolder, 'too-big');

    const result = node(['tools/bundle-lambda.mjs', entry, outdir]);

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`bytes, [\\d,]+ over the ${maxBytes.toLocaleString('en-US')}-byte`));
    expect(existsSync(outdir)).toBe(false);
  });

  it('is not applied with --no-budget (the local serve and bench bundles never become a Lambda)', () => {
    const outdir = path.join(workFolder, 'too-big-tool');

    const result = node(['tools/bundle-lambda.mjs', tooBig, outdir, '--no-budget']);

    expect(result.status).toBe(0);
    expect(existsSync(path.join(outdir, 'index.js'))).toBe(true);
  });

  it('lets a bundle under it through', () => {
    const entry = path.join(workFolder, 'small.ts');
    writeFileSync(entry, 'export const handler = async (): Promise<string> => "ok";\n');
    const outdir = path.join(workFolder, 'small');

    const result = node(['tools/bundle-lambda.mjs', entry, outdir]);

    expect(result.status).toBe(0);
    expect(existsSync(path.join(outdir, 'index.js'))).toBe(true);
  });
});
