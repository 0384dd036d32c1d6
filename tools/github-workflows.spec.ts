import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * The GitHub Actions workflows: valid for GitHub (the pinned @action-validator/cli, which checks them against the
 * workflow schema), and shaped where a mistake would open a hole or hide a failure: no pull_request_target, least
 * privilege per job, actions pinned to commits, the review's exit code reaching the check, prod behind its environment.
 */
const ROOT = path.resolve(__dirname, '..');
const WORKFLOWS = path.join(ROOT, '.github/workflows');

// Parsed workflow YAML: the shape checks below read what they need.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Yaml = any;
interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Record<string, unknown>;
  readonly 'continue-on-error'?: unknown;
}

const workflowText = (file: string) => readFileSync(path.join(WORKFLOWS, file), 'utf8');
const workflow = (file: string): Yaml => parse(workflowText(file));
const stepsOf = (job: Yaml): Step[] => job.steps;
const stepUsing = (job: Yaml, action: string): Step => {
  const found = stepsOf(job).find((step) => step.uses?.startsWith(`${action}@`));
  if (!found) throw new Error(`no step uses ${action}`);
  return found;
};
const runsReview = (step: Step) => /\breview -- /.test(step.run ?? '');

function validatorCli(): string {
  try {
    return path.join(path.dirname(require.resolve('@action-validator/cli/package.json')), 'cli.mjs');
  } catch {
    throw new Error(
      'the workflow validator @action-validator/cli is not installed: it is a pinned devDependency, run `npm ci`',
    );
  }
}

function validate(file: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [validatorCli(), file], { encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const FILES = ['plan-review.yml', 'deploy.yml'];

describe('the workflow validator (@action-validator/cli)', () => {
  let scratch: string;
  beforeAll(() => (scratch = mkdtempSync(path.join(tmpdir(), 'workflows-'))));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('covers every workflow file there is', () => {
    expect(readdirSync(WORKFLOWS).sort()).toEqual([...FILES].sort());
  });

  it.each(FILES)('accepts %s', (file) => {
    const { status, output } = validate(path.join(WORKFLOWS, file));
    expect(output).toBe('');
    expect(status).toBe(0);
  });

  it('rejects a job with a key GitHub does not know (a typo that GitHub would only report on the pull request)', () => {
    const typo = path.join(scratch, 'typo.yml');
    writeFileSync(
      typo,
      workflowText('plan-review.yml').replace('    timeout-minutes: 30\n', '    timeout-minute: 30\n'),
    );
    const { status, output } = validate(typo);
    expect(status).toBe(1);
    expect(output).toContain("Additional property 'timeout-minute' is not allowed");
  });

  it('rejects an unknown top-level key', () => {
    const unknown = path.join(scratch, 'unknown.yml');
    writeFileSync(unknown, `${workflowText('deploy.yml')}\nallow-everything: true\n`);
    const { status, output } = validate(unknown);
    expect(status).toBe(1);
    expect(output).toContain("Additional property 'allow-everything' is not allowed");
  });
});

describe.each(FILES)('%s', (file) => {
  it('never runs on pull_request_target or workflow_run (the base repository token with pull request code)', () => {
    const triggers = Object.keys(workflow(file).on);
    expect(triggers).not.toContain('pull_request_target');
    expect(triggers).not.toContain('workflow_run');
  });

  it('grants nothing at the top, and each job only what it declares', () => {
    const parsed = workflow(file);
    expect(parsed.permissions).toEqual({});
    for (const job of Object.values<Yaml>(parsed.jobs)) expect(job.permissions).toEqual(expect.any(Object));
  });

  it('pins every action to a full commit SHA, with the version it is in a comment', () => {
    const uses = workflowText(file)
      .split('\n')
      .filter((line) => /^\s*(- )?uses:/.test(line));
    expect(uses.length).toBeGreaterThan(0);
    for (const line of uses) expect(line).toMatch(/uses: [\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  it('checks out without leaving the token in the git config', () => {
    for (const job of Object.values<Yaml>(workflow(file).jobs)) {
      expect(stepUsing(job, 'actions/checkout').with).toMatchObject({ 'persist-credentials': false });
    }
  });

  it('never swallows a review exit code', () => {
    for (const job of Object.values<Yaml>(workflow(file).jobs)) {
      for (const step of stepsOf(job).filter(runsReview)) {
        expect(step['continue-on-error']).toBeUndefined();
        expect(step.run).not.toMatch(/\|\|\s*(true|:|exit 0)|set \+e|; *true\b/);
      }
    }
  });

  it('installs Terraform 1.11 without the wrapper that rewrites exit codes', () => {
    for (const job of Object.values<Yaml>(workflow(file).jobs)) {
      expect(stepUsing(job, 'hashicorp/setup-terraform').with).toEqual({
        terraform_version: '<1.12.0',
        terraform_wrapper: false,
      });
    }
  });
});

describe('plan-review.yml', () => {
  const parsed = workflow('plan-review.yml');
  const job = parsed.jobs.review;
  const step = (name: string): Step => {
    const found = stepsOf(job).find((candidate) => candidate.name === name);
    if (!found) throw new Error(`no step "${name}"`);
    return found;
  };

  it('runs on pull requests, for dev and prod, each to the end', () => {
    expect(Object.keys(parsed.on)).toEqual(['pull_request']);
    expect(job.strategy).toEqual({ 'fail-fast': false, matrix: { stack: ['dev', 'prod'] } });
  });

  it('has only the permissions its steps need', () => {
    expect(job.permissions).toEqual({
      contents: 'read',
      'id-token': 'write',
      'pull-requests': 'write',
      'security-events': 'write',
      actions: 'read',
    });
  });

  it('plans against AWS only with the OIDC plan role of the repository variables, offline otherwise', () => {
    const aws = stepUsing(job, 'aws-actions/configure-aws-credentials');
    expect(aws.with?.['role-to-assume']).toBe('${{ vars.AWS_PLAN_ROLE_ARN }}');
    expect(aws.if).toContain("vars.AWS_PLAN_ROLE_ARN != ''");
    expect(step('Plan against AWS')).toMatchObject({ if: "${{ steps.aws.outcome == 'success' }}" });
    expect(step('Offline plan (no plan role configured)')).toMatchObject({
      if: "${{ steps.aws.outcome != 'success' }}",
    });
    expect(step('Offline plan (no plan role configured)').run).toContain(
      'npx nx run infra:plan:offline --env="$STACK"',
    );
  });

  it('fails the check with the review: the review step runs the CLI itself, with no condition', () => {
    const review = step('Review');
    expect(review.if).toBeUndefined();
    expect(review.run).toBe(
      'npm run --silent review -- --plan "$PLAN" --env "$STACK" --base HEAD^1 --format md --out review.md',
    );
  });

  it('diffs against the base branch: the merge commit and its first parent are checked out', () => {
    // GITHUB_SHA of a pull_request run is the merge commit of the pull request's merge branch
    // (https://docs.github.com/en/actions/writing-workflows/choosing-when-your-workflow-runs/events-that-trigger-workflows#pull_request):
    // its first parent is the base branch, which a depth of 2 fetches.
    expect(stepUsing(job, 'actions/checkout').with).toMatchObject({ 'fetch-depth': 2 });
    for (const name of ['Review', 'Full report (JSON)']) expect(step(name).run).toContain(' --base HEAD^1 ');
  });

  it('gives the verdict once: the JSON and SARIF reports accept exit 1 (the Review step fails) but not 2', () => {
    for (const name of ['Full report (JSON)', 'Code scanning report (SARIF)']) {
      expect(step(name).run).toMatch(/ --out review\.(json|sarif) \|\| \[ \$\? -eq 1 \]$/);
    }
  });

  it('still comments, uploads SARIF and keeps the report after the review failed', () => {
    const afterReview = stepsOf(job).slice(stepsOf(job).indexOf(step('Review')) + 1);
    expect(afterReview.length).toBeGreaterThanOrEqual(5);
    for (const later of afterReview) expect(later.if).toContain('!cancelled()');
  });

  it('keeps one comment per stack through the tested pr-comment CLI', () => {
    expect(step('Update the review comment').run).toBe(
      'node apps/pr-comment/bin/pr-comment.js --stack "$STACK" --body review.md',
    );
  });

  it('uploads the SARIF for code scanning and the full report as an artifact', () => {
    expect(step('Code scanning report (SARIF)').run).toContain('--format sarif --out review.sarif');
    expect(stepUsing(job, 'github/codeql-action/upload-sarif').with).toMatchObject({ sarif_file: 'review.sarif' });
    expect(String(stepUsing(job, 'actions/upload-artifact').with?.['path'])).toContain('review.json');
  });
});

describe('deploy.yml', () => {
  const parsed = workflow('deploy.yml');

  it('runs only on a push to main', () => {
    expect(parsed.on).toEqual({ push: { branches: ['main'] } });
  });

  it('deploys dev, then prod behind the prod environment, each with its own OIDC role and nothing more', () => {
    expect(parsed.jobs.dev.environment).toBe('dev');
    expect(parsed.jobs.prod).toMatchObject({ environment: 'prod', needs: 'dev' });
    for (const job of [parsed.jobs.dev, parsed.jobs.prod]) {
      expect(job.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
      expect(stepUsing(job, 'aws-actions/configure-aws-credentials').with?.['role-to-assume']).toBe(
        '${{ vars.AWS_DEPLOY_ROLE_ARN }}',
      );
    }
  });

  it('never runs two deploys of an environment at once, nor cancels one half-way', () => {
    expect(parsed.jobs.dev.concurrency).toEqual({ group: 'deploy-dev', 'cancel-in-progress': false });
    expect(parsed.jobs.prod.concurrency).toEqual({ group: 'deploy-prod', 'cancel-in-progress': false });
  });

  it.each([
    ['dev', 'npx nx run infra:deploy --env=dev --saved-plan'],
    ['prod', 'npx nx run infra:deploy --env=prod --saved-plan --yes-i-mean-prod'],
  ])('%s: plans, reviews that plan, then applies exactly that saved plan', (stack, apply) => {
    const runs = stepsOf(parsed.jobs[stack]).map((step) => step.run ?? '');
    const review = runs.findIndex((run) => run.includes('infra:plan') && run.includes('review -- --plan'));
    expect(review).toBeGreaterThanOrEqual(0);
    expect(runs.indexOf(apply)).toBeGreaterThan(review);
    expect(runs.join('\n')).not.toMatch(/infra:deploy(?!.*--saved-plan)/);
  });

  it.each([
    ['dev', 'npx nx run infra:deploy --env=dev --saved-plan'],
    ['prod', 'npx nx run infra:deploy --env=prod --saved-plan --yes-i-mean-prod'],
  ])(
    '%s: right after the apply, saves the stack outputs and proves the alert path, failing the job if it fails',
    (stack, apply) => {
      const steps = stepsOf(parsed.jobs[stack]);
      const proof = steps[steps.findIndex((step) => step.run === apply) + 1];
      expect(proof.run?.trim().split('\n')).toEqual([
        'terraform -chdir="cdktf.out/stacks/$STACK" output -json > "$STACK-outputs.json"',
        'npm run --silent failover-meter -- alert-path --outputs "$STACK-outputs.json"',
      ]);
      expect(parsed.jobs[stack].env.STACK).toBe(stack);
      // Its exit code is the point: 1 when nobody would be paged or a test notification did not arrive.
      expect(proof.if).toBeUndefined();
      expect(proof['continue-on-error']).toBeUndefined();
      expect(proof.run).not.toMatch(/\|\|\s*(true|:|exit 0)|set \+e|; *true\b/);
    },
  );
});
