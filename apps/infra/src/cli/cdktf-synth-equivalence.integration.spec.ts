import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WORKSPACE_ROOT } from '../app';
import { STACK_NAMES } from './options';

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, {
    cwd: WORKSPACE_ROOT,
    encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: '1', CI: 'true' },
  });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}${result.stdout}`);
}

describe('infra:synth and cdktf synth', () => {
  const workFolder = mkdtempSync(path.join(tmpdir(), 'infra-synth-equivalence-'));
  afterAll(() => rmSync(workFolder, { recursive: true, force: true }));

  it('GIVEN the same sources WHEN synthesized by plain node and by cdktf-cli THEN every stack JSON is the same, asset paths included', () => {
    const cdktf = path.join(WORKSPACE_ROOT, 'node_modules/.bin/cdktf');
    expect(existsSync(cdktf)).toBe(true);
    // The same command the infra:synth target runs, and cdktf-cli running cdktf.json's "app".
    run(process.execPath, ['--import', 'tsx', 'apps/infra/src/main.ts', '--outdir', path.join(workFolder, 'node')]);
    run(cdktf, ['synth', '--output', path.join(workFolder, 'cdktf')]);
    for (const stack of STACK_NAMES) {
      // Asset folders are named by the zip's content hash, so the paths match as well.
      const read = (variant: string) =>
        readFileSync(path.join(workFolder, variant, 'stacks', stack, 'cdk.tf.json'), 'utf8');
      expect({ stack, json: JSON.parse(read('cdktf')) }).toEqual({ stack, json: JSON.parse(read('node')) });
    }
  }, 120_000);
});
