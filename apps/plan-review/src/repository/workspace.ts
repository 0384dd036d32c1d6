import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { InputError } from '../input/input-error';

/** The Nx workspace this tool lives in (apps/plan-review/src/repository -> root). */
export const WORKSPACE_ROOT = resolve(__dirname, '../../../..');

/** The infra app's entry points, run as separate processes (scope:infra apps do not import each other). */
export const INFRA_SYNTH_ENTRY = 'apps/infra/src/main.ts';
export const INFRA_PLAN_ENTRY = 'apps/infra/src/cli/plan.ts';
/** Where `infra:plan:offline` writes (apps/infra/src/cli/plan.ts OFFLINE_OUTDIR). */
export const OFFLINE_PLAN_DIRECTORY = 'cdktf.out.offline';

/**
 * Runs a TypeScript entry point with tsx in `cwd`, its output sent to our stderr so that stdout stays the report.
 * A failure is an InputError: there is nothing to review.
 */
export function runTypeScript(entry: string, args: readonly string[], cwd: string, what: string): void {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(cwd, entry), ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.stdout) process.stderr.write(result.stdout);
  if (result.error || result.status !== 0) {
    const lastLines = (result.stderr ?? '').trim().split('\n').slice(-8).join('\n');
    throw new InputError(`${what} failed (${result.error?.message ?? `exit ${result.status}`}):\n${lastLines}`);
  }
}

/** Runs the offline plan of one environment with the infra CLI and returns the path of its plan.json. */
export function runOfflinePlan(environment: string): string {
  runTypeScript(
    INFRA_PLAN_ENTRY,
    [`--env=${environment}`, '--offline'],
    WORKSPACE_ROOT,
    `The offline plan of ${environment}`,
  );
  return join(WORKSPACE_ROOT, OFFLINE_PLAN_DIRECTORY, 'stacks', environment, 'plan.json');
}
