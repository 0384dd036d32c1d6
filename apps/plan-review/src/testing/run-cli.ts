import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from '../workspace';

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the review CLI the way `npm run review -- <args>` does, in its own process, so exit codes are real. */
export function runCli(args: readonly string[], timeoutMs = 60_000): CliRun {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(WORKSPACE_ROOT, 'apps/plan-review/src/cli.ts'), ...args],
    {
      cwd: WORKSPACE_ROOT,
      encoding: 'utf8',
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
