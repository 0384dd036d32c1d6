import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { WORKSPACE_ROOT } from '../app';
import { parseCommandLine, runMain, UsageError } from './options';

export type DeployAction = 'deploy' | 'destroy';

/** The cdktf-cli invocation for one stack; refuses to auto-approve prod without `--yes-i-mean-prod`. */
export function cdktfInvocation(action: DeployAction, argv: readonly string[]): { command: string; args: string[] } {
  const { stackName, flags } = parseCommandLine(argv, ['auto-approve', 'yes-i-mean-prod']);
  if (flags['auto-approve'] && stackName === 'prod' && !flags['yes-i-mean-prod']) {
    throw new UsageError(
      `refusing to ${action} prod with --auto-approve: add --yes-i-mean-prod if you really mean it.`,
    );
  }
  const autoApprove = flags['auto-approve'] ? ['--auto-approve'] : [];
  return {
    command: path.join(WORKSPACE_ROOT, 'node_modules', '.bin', 'cdktf'),
    args: [action, stackName, ...autoApprove],
  };
}

/**
 * `nx run infra:deploy --env=<state|dev|prod>` / `infra:destroy`: cdktf-cli deploys one stack, re-synthesizing it with
 * cdktf.json's app (the same entry point as infra:synth). Order: `--env=state` once, then each environment.
 */
export function runCdktf(action: DeployAction, argv: readonly string[]): void {
  runMain(() => {
    const { command, args } = cdktfInvocation(action, argv);
    console.log(`${path.relative(WORKSPACE_ROOT, command)} ${args.join(' ')}`);
    const result = spawnSync(command, args, { cwd: WORKSPACE_ROOT, stdio: 'inherit' });
    if (result.error) throw result.error;
    process.exitCode = result.status ?? 1;
  });
}
