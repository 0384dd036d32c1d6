import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { InputError } from '../input/input-error';
import { runReview } from '../run-review';
import { FIXTURE_PLAN_PATH } from '../testing/fixtures';
import * as workspace from './workspace';

/**
 * Without --plan/--synth the review makes the offline plan with the infra plan CLI, in its own process. The real plans
 * are made once per run by infra:offline-plans and reviewed by own-stacks.integration.spec.ts; here that process is
 * a stand-in, so this pins what the review asks the infra CLI for and which file it then reviews.
 */
jest.mock('node:child_process', () => ({ ...jest.requireActual('node:child_process'), spawnSync: jest.fn() }));
jest.mock('./workspace', () => ({ ...jest.requireActual('./workspace'), runOfflinePlan: jest.fn() }));
const spawned = jest.mocked(spawnSync);
const { runOfflinePlan, INFRA_PLAN_ENTRY, OFFLINE_PLAN_DIRECTORY, WORKSPACE_ROOT } =
  jest.requireActual<typeof workspace>('./workspace');

beforeEach(() => jest.resetAllMocks());

describe('runOfflinePlan', () => {
  it('GIVEN an environment THEN it runs the infra plan CLI offline for it and returns the plan.json that CLI writes', () => {
    spawned.mockReturnValue({ status: 0, stdout: 'planned\n', stderr: '' } as never);
    const written = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(runOfflinePlan('prod')).toBe(join(WORKSPACE_ROOT, 'cdktf.out.offline/stacks/prod/plan.json'));
      // The CLI's output goes to stderr, so that stdout stays the report.
      expect(written).toHaveBeenCalledWith('planned\n');
    } finally {
      written.mockRestore();
    }
    expect(spawned).toHaveBeenCalledTimes(1);
    const [command, args, options] = spawned.mock.calls[0];
    expect(command).toBe(process.execPath);
    expect(args).toEqual([
      '--import',
      'tsx',
      join(WORKSPACE_ROOT, 'apps/infra/src/cli/plan.ts'),
      '--env=prod',
      '--offline',
    ]);
    expect(options).toMatchObject({ cwd: WORKSPACE_ROOT });
    expect({ INFRA_PLAN_ENTRY, OFFLINE_PLAN_DIRECTORY }).toEqual({
      INFRA_PLAN_ENTRY: 'apps/infra/src/cli/plan.ts',
      OFFLINE_PLAN_DIRECTORY: 'cdktf.out.offline',
    });
  });

  it('GIVEN the infra plan CLI fails THEN it is unusable input naming the environment and the CLI’s last words', () => {
    spawned.mockReturnValue({
      status: 1,
      stdout: '',
      stderr: 'many\nlines\nerror: terraform was not found on PATH.\n',
    } as never);
    expect(() => runOfflinePlan('dev')).toThrow(InputError);
    expect(() => runOfflinePlan('dev')).toThrow(
      /^The offline plan of dev failed \(exit 1\):\n.*error: terraform was not found on PATH\.$/s,
    );
  });
});

describe('runReview without --plan or --synth', () => {
  const plannedBy = jest.mocked(workspace.runOfflinePlan);

  it.each([
    ['--env dev', 'dev'],
    ['no --env', undefined],
  ])('GIVEN %s THEN it makes the offline plan of dev and reviews the plan.json it names', async (_, env) => {
    plannedBy.mockReturnValue(FIXTURE_PLAN_PATH);
    const outcome = await runReview({ env, format: 'md', cwd: WORKSPACE_ROOT });
    expect(plannedBy.mock.calls).toEqual([['dev']]);
    expect(outcome.passed).toBe(true);
    expect(outcome.report).toMatch(/^## Plan review: `[a-z]+` \(plan, environment dev\)\n\n\*\*PASS\*\*/);
  });

  it('GIVEN --env prod THEN it makes the offline plan of prod', async () => {
    plannedBy.mockReturnValue(FIXTURE_PLAN_PATH);
    await runReview({ env: 'prod', format: 'md', cwd: WORKSPACE_ROOT });
    expect(plannedBy.mock.calls).toEqual([['prod']]);
  });

  it('GIVEN --plan THEN it makes no plan', async () => {
    await runReview({ plan: FIXTURE_PLAN_PATH, format: 'md', cwd: WORKSPACE_ROOT });
    expect(plannedBy).not.toHaveBeenCalled();
  });
});
