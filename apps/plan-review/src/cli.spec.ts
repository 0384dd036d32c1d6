import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_SYNTH_PATH, fixtureSynth, synthResource } from './testing/fixtures';
import { runCli, runMain } from './testing/run-cli';

describe('the review CLI', () => {
  const folder = mkdtempSync(join(tmpdir(), 'plan-review-cli-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const write = (name: string, content: string) => {
    const path = join(folder, name);
    writeFileSync(path, content);
    return path;
  };

  it('exits 0 and prints the Markdown review when every rule passes', () => {
    const run = runCli(['--synth', FIXTURE_SYNTH_PATH]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^## Plan review: `dev` \(synth, environment dev\)\n\n\*\*PASS\*\*/);
  });

  it('exits 1 naming the failing rule, and writes JSON to --out when asked', async () => {
    const synth = fixtureSynth();
    synthResource(synth, 'aws_db_proxy').require_tls = false;
    const out = join(folder, 'review.json');
    const run = await runMain([
      '--synth',
      write('broken.cdk.tf.json', JSON.stringify(synth)),
      '--format',
      'json',
      '--out',
      out,
    ]);
    expect(run.status).toBe(1);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(
      report.rules
        .filter((rule: { status: string }) => rule.status === 'fail')
        .map((rule: { rule: { id: string } }) => rule.rule.id),
    ).toEqual(['proxy-requires-tls']);
  });

  it('counts a suppression from --suppressions, and says in the report why an in-code one does not count', async () => {
    const synth = fixtureSynth();
    synthResource(synth, 'aws_db_proxy').require_tls = false;
    synthResource(synth, 'aws_db_proxy')['//'].review_suppress = [{ rule: 'proxy-requires-tls', reason: 'in code' }];
    const broken = write('tls-off.cdk.tf.json', JSON.stringify(synth));
    const refused = await runMain(['--synth', broken]);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain(
      '(suppression not counted: proxy-requires-tls is high: a suppression in code counts only when review-suppressions.json lists it too)',
    );
    const reviewed = write(
      'review-suppressions.json',
      JSON.stringify({ suppressions: [{ rule: 'proxy-requires-tls', resource: 'proxy/proxy', reason: 'reviewed' }] }),
    );
    expect((await runMain(['--synth', broken, '--suppressions', reviewed])).status).toBe(0);
  });

  it.each([
    [
      'a malformed suppression file',
      () => [
        '--synth',
        FIXTURE_SYNTH_PATH,
        '--suppressions',
        write('bad-suppressions.json', JSON.stringify({ suppressions: [{ rule: 'proxy-requires-tls' }] })),
      ],
      /suppressions\[0\] needs "resource"/,
    ],
    ['a missing file', () => ['--plan', join(folder, 'missing.json')], /Plan file .*missing.json does not exist/],
    [
      'non-JSON input',
      () => ['--plan', write('text.json', 'No changes. Your infrastructure matches the configuration.')],
      /is not valid JSON/,
    ],
    [
      'a plan from another provider',
      () => [
        '--plan',
        write(
          'azure.json',
          JSON.stringify({
            format_version: '1.2',
            resource_changes: [
              {
                address: 'azurerm_mysql_flexible_server.db',
                mode: 'managed',
                type: 'azurerm_mysql_flexible_server',
                name: 'db',
                provider_name: 'registry.terraform.io/hashicorp/azurerm',
                change: { actions: ['create'], after: {} },
              },
            ],
          }),
        ),
      ],
      /hashicorp\/azurerm, not AWS/,
    ],
    ['an unknown option', () => ['--plan-file', 'x'], /Unknown option '--plan-file'/],
    [
      'a --base ref that starts with "-"',
      () => ['--synth', FIXTURE_SYNTH_PATH, '--base=--output=x'],
      /--base takes a git ref, and "--output=x" starts with "-"/,
    ],
    [
      'a --base ref that names no commit',
      () => ['--synth', FIXTURE_SYNTH_PATH, '--base', 'no-such-ref'],
      /is not a commit/,
    ],
  ])('exits 2 with a clear message and no stack trace on %s', async (_, args, message) => {
    const run = await runMain(args());
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe('');
  });

  it('sets the exit code of the real process (2 on unusable input, with no stack trace)', () => {
    const run = runCli(['--plan', join(folder, 'missing.json')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^review: Plan file .*missing\.json does not exist/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
