import { spawnSync } from 'node:child_process';
import { main } from '../cli';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from '../repository/workspace';

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

/**
 * Runs the CLI's `main` in this process, with what it writes to stdout and stderr captured: the same contract as
 * `runCli` (main returns the exit code the bin sets), without a Node start-up per call. `runCli` stays for the specs
 * that prove the real process exits so.
 */
export async function runMain(args: readonly string[]): Promise<CliRun> {
  const written = { stdout: '', stderr: '' };
  const capture = (stream: 'stdout' | 'stderr') =>
    jest.spyOn(process[stream], 'write').mockImplementation((chunk: string | Uint8Array) => {
      written[stream] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    });
  const spies = [capture('stdout'), capture('stderr')];
  try {
    const status = await main(args);
    return { status, ...written };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}
