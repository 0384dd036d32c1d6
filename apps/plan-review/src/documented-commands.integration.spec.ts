import { execFileSync, spawnSync } from 'node:child_process';
import { offlinePlanFile } from './testing/offline-plans';
import { WORKSPACE_ROOT } from './repository/workspace';

/**
 * The docs pipe the review's JSON as `npm run --silent review -- … --format json` (tools/docs-commands.spec.ts
 * holds every documented machine-read command to `--silent`). Run exactly so, the output parses; without it, npm's
 * `> review` banner comes first on stdout (https://docs.npmjs.com/cli/v11/commands/npm-run#silent), which is why the
 * rule exists.
 */
jest.setTimeout(120_000);

const synth = () => offlinePlanFile('dev', 'cdk.tf.json');

function shell(command: string): { stdout: string; status: number | null } {
  const result = spawnSync('bash', ['-c', command], { cwd: WORKSPACE_ROOT, encoding: 'utf8', env: process.env });
  return { stdout: result.stdout, status: result.status };
}

describe('npm run --silent review -- --format json', () => {
  it('writes one JSON document on stdout, as the docs pipe it', () => {
    const { stdout, status } = shell(`npm run --silent review -- --synth ${synth()} --format json`);

    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ passed: true });
  });

  it('needs --silent: without it npm puts its banner first', () => {
    const { stdout } = shell(`npm run review -- --synth ${synth()} --format json`);

    expect(stdout.trimStart().startsWith('>')).toBe(true);
    expect(() => JSON.parse(stdout)).toThrow();
  });
});

// The same machine-output contract for the bin, which prints only what the CLI prints.
describe('the review bin', () => {
  it('gives the same JSON', () => {
    const output = execFileSync(
      process.execPath,
      ['apps/plan-review/bin/review.js', '--synth', synth(), '--format', 'json'],
      {
        cwd: WORKSPACE_ROOT,
        encoding: 'utf8',
      },
    );
    expect(JSON.parse(output)).toMatchObject({ passed: true });
  });
});
