import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../input/input-error';
import { runReview } from '../run-review';
import { INFRA_SYNTH_ENTRY, WORKSPACE_ROOT, runTypeScript } from './workspace';

/** A scratch repository with a one-stack CDKTF app at the path the infra app uses, configured by one line. */
const MAIN = `
import { parseArgs } from 'node:util';
import { App, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { retentionInDays } from './config';
const { values } = parseArgs({ options: { offline: { type: 'boolean' }, outdir: { type: 'string' } } });
const app = new App({ outdir: values.outdir });
const stack = new TerraformStack(app, 'dev');
new AwsProvider(stack, 'aws', { region: 'ap-northeast-2' });
new CloudwatchLogGroup(stack, 'api-logs', { name: '/scratch/api', retentionInDays, kmsKeyId: 'arn:aws:kms:ap-northeast-2:111111111111:key/x' });
app.synth();
`;

describe('--base <git-ref>', () => {
  const repo = mkdtempSync(join(tmpdir(), 'plan-review-scratch-'));
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', repo, '-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], {
      encoding: 'utf8',
    });
  const setRetention = (days: number) =>
    writeFileSync(join(repo, 'apps/infra/src/config.ts'), `export const retentionInDays = ${days};\n`);

  beforeAll(() => {
    mkdirSync(join(repo, 'apps/infra/src'), { recursive: true });
    writeFileSync(join(repo, INFRA_SYNTH_ENTRY), MAIN);
    writeFileSync(join(repo, '.gitignore'), 'node_modules\nout/\n');
    symlinkSync(join(WORKSPACE_ROOT, 'node_modules'), join(repo, 'node_modules'));
    setRetention(30);
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
  });

  afterAll(() => {
    execFileSync('git', ['-C', repo, 'worktree', 'prune']);
    rmSync(repo, { recursive: true, force: true });
  });

  it('GIVEN a one-line config change THEN the report names the changed attribute with both values', async () => {
    setRetention(90);
    runTypeScript(INFRA_SYNTH_ENTRY, ['--offline', '--outdir', join(repo, 'out')], repo, 'scratch synth');
    const out = join(repo, 'out', 'report.md');
    await runReview({ synth: join(repo, 'out/stacks/dev/cdk.tf.json'), base: 'HEAD', format: 'md', out, cwd: repo });
    const report = readFileSync(out, 'utf8');
    expect(report).toContain('### Changes since `HEAD`');
    expect(report).toContain('Lambda package contents come from the current build');
    expect(report).toMatch(
      /- changed `aws_cloudwatch_log_group.api-logs` \(api-logs\)\n {2}- `retention_in_days`: `30` → `90`/,
    );
    expect(git('worktree', 'list').trim().split('\n')).toHaveLength(1);
  });

  it.each([
    ['does not exist', 'no-such-ref', /--base no-such-ref is not a commit in /],
    ['names a tree, not a commit', 'HEAD^{tree}', /is not a commit in /],
    [
      'starts with "-" (git would read an option)',
      '--orphan=x',
      /--base takes a git ref, and "--orphan=x" starts with "-"/,
    ],
  ])('GIVEN a ref that %s THEN it is unusable input and no worktree is made', async (_, base, message) => {
    await expect(
      runReview({ synth: join(repo, 'out/stacks/dev/cdk.tf.json'), base, format: 'md', cwd: repo }),
    ).rejects.toThrow(expect.objectContaining({ constructor: InputError, message: expect.stringMatching(message) }));
    expect(git('worktree', 'list').trim().split('\n')).toHaveLength(1);
  });
});
