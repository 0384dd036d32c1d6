import { TerraformStack, Testing } from 'cdktf';
import { unzipSync } from 'fflate';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lambdaBundle, LAMBDA_ZIP_NAME } from './lambda-bundle';
import { fakeBundleDirectory } from '../testing/synth-json';

const WORKSPACE_ROOT = path.resolve(__dirname, '../../../..');
const workFolder = mkdtempSync(path.join(tmpdir(), 'infra-lambda-zip-'));
afterAll(() => rmSync(workFolder, { recursive: true, force: true }));

function runTool(script: string, ...args: string[]): void {
  const result = spawnSync(process.execPath, [path.join(WORKSPACE_ROOT, 'tools', script), ...args], {
    cwd: WORKSPACE_ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`${script} failed:\n${result.stderr}${result.stdout}`);
}

/** Fields of the first central directory entry (PKZIP APPNOTE 4.3.12). */
function centralEntry(zip: Buffer) {
  const at = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  return {
    madeByOs: zip[at + 5],
    dosTime: zip.readUInt16LE(at + 12),
    dosDate: zip.readUInt16LE(at + 14),
    unixMode: zip.readUInt32LE(at + 38) >>> 16,
  };
}

describe('Lambda packages (tools/bundle-lambda.mjs -> lambda.zip)', () => {
  const entry = path.join(workFolder, 'handler.ts');
  writeFileSync(entry, 'export const handler = async (): Promise<string> => "ok";\n');
  const build = (name: string): { directory: string; zip: Buffer } => {
    const directory = path.join(workFolder, name);
    runTool('bundle-lambda.mjs', entry, directory);
    return { directory, zip: readFileSync(path.join(directory, LAMBDA_ZIP_NAME)) };
  };

  it('GIVEN the same source WHEN built twice THEN both zips are byte-identical and hold only index.js', () => {
    const first = build('first');
    const second = build('second');
    expect(second.zip.equals(first.zip)).toBe(true);
    const entries = unzipSync(first.zip);
    expect(Object.keys(entries)).toEqual(['index.js']);
    expect(Buffer.from(entries['index.js']).equals(readFileSync(path.join(first.directory, 'index.js')))).toBe(true);
  }, 60_000);

  it('GIVEN a built bundle WHEN index.js gets another mtime and mode and is packed again THEN the zip does not change', () => {
    const { directory, zip } = build('touched');
    const indexJs = path.join(directory, 'index.js');
    utimesSync(indexJs, new Date('2001-02-03T04:05:06Z'), new Date('2001-02-03T04:05:06Z'));
    chmodSync(indexJs, 0o600);
    runTool('lambda-zip.mjs', directory);
    expect(readFileSync(path.join(directory, LAMBDA_ZIP_NAME)).equals(zip)).toBe(true);
    // Unix, rw-r--r-- (Lambda reads the file as another user), 1980-01-01 00:00 whatever the build time.
    expect(centralEntry(zip)).toEqual({ madeByOs: 3, unixMode: 0o100644, dosDate: (1 << 5) | 1, dosTime: 0 });
  }, 60_000);
});

describe('lambdaBundle', () => {
  const synthFunctionCode = (directory: string) => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    const asset = lambdaBundle(stack, 'code', 'api-lambda', directory);
    return { path: asset.path, hash: asset.assetHash };
  };

  it('deploys the packed zip as a file asset whose path follows its content only', () => {
    const directory = fakeBundleDirectory();
    const before = synthFunctionCode(directory);
    expect(before.path).toMatch(/^assets\/code\/[A-F0-9]{32}\/lambda\.zip$/);
    utimesSync(path.join(directory, LAMBDA_ZIP_NAME), new Date('2001-01-01'), new Date('2001-01-01'));
    expect(synthFunctionCode(directory)).toEqual(before);
    writeFileSync(path.join(directory, LAMBDA_ZIP_NAME), 'other content');
    expect(synthFunctionCode(directory).hash).not.toBe(before.hash);
  });

  it('refuses a folder without lambda.zip and says how to build it', () => {
    const directory = mkdtempSync(path.join(workFolder, 'unbuilt-'));
    expect(() => synthFunctionCode(directory)).toThrow(
      `${directory}/lambda.zip is missing: run \`npx nx run api-lambda:build\` first.`,
    );
  });
});
