import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { STATE_STACK_NAME, WORKSPACE_ROOT } from '../app';
import { deployedEnvironment, deployedStateConfig, deploySettingsFile, placeholdersIn } from '../config';
import { parseCommandLine, reportCliError, UsageError } from './options';

export type DeployAction = 'deploy' | 'destroy';

/**
 * The command that deploys (or destroys) one stack; refuses to auto-approve prod without `--yes-i-mean-prod`.
 * Default: cdktf-cli, which synthesizes, plans and applies. `--saved-plan`: `terraform apply` of the plan that
 * `infra:plan` saved for the stack (`cdktf.out/stacks/<stack>/tfplan`), so what is applied is exactly what was
 * reviewed; Terraform refuses a saved plan once the state has moved on since it was made. It applies without a
 * prompt, so for prod it needs `--yes-i-mean-prod` too.
 */
export function cdktfInvocation(
  action: DeployAction,
  argv: readonly string[],
  outdir = path.join(WORKSPACE_ROOT, 'cdktf.out'),
): { command: string; args: string[] } {
  const { stackName, flags } = parseCommandLine(argv, ['auto-approve', 'yes-i-mean-prod', 'saved-plan']);
  const unattended = flags['auto-approve'] || flags['saved-plan'];
  if (unattended && stackName === 'prod' && !flags['yes-i-mean-prod']) {
    const how = flags['saved-plan'] ? '--saved-plan' : '--auto-approve';
    throw new UsageError(`refusing to ${action} prod with ${how}: add --yes-i-mean-prod if you really mean it.`);
  }
  if (flags['saved-plan']) {
    if (action !== 'deploy') throw new UsageError('--saved-plan applies a reviewed plan: it only goes with deploy.');
    const stackDir = path.join(outdir, 'stacks', stackName);
    if (!existsSync(path.join(stackDir, 'tfplan'))) {
      throw new UsageError(
        `no saved plan in ${path.relative(WORKSPACE_ROOT, stackDir)}: run \`nx run infra:plan --env=${stackName}\` first.`,
      );
    }
    return { command: 'terraform', args: [`-chdir=${stackDir}`, 'apply', '-input=false', 'tfplan'] };
  }
  return {
    command: path.join(WORKSPACE_ROOT, 'node_modules', '.bin', 'cdktf'),
    args: [action, stackName, ...(flags['auto-approve'] ? ['--auto-approve'] : [])],
  };
}

/**
 * Refuses to plan, deploy or destroy a stack whose config still carries a placeholder (an account id nobody owns, an
 * alert address that receives nothing): Terraform would otherwise talk to AWS with settings nobody chose. An
 * environment's state lives in the state stack's bucket, named after state.ts's account, so a placeholder there
 * refuses every stack.
 */
export function refusePlaceholders(
  action: DeployAction | 'plan',
  stackName: string,
  settingsOf: (stack: string) => Parameters<typeof placeholdersIn>[0] | undefined = (stack) =>
    stack === STATE_STACK_NAME ? deployedStateConfig() : deployedEnvironment(stack as 'dev' | 'prod'),
): void {
  const stacks = stackName === STATE_STACK_NAME ? [stackName] : [stackName, STATE_STACK_NAME];
  for (const stack of stacks) {
    const settings = settingsOf(stack);
    const found = settings ? placeholdersIn(settings) : [];
    if (found.length > 0) {
      const whose = stack === stackName ? '' : ` (its state bucket is named after the state stack's account)`;
      throw new UsageError(
        `refusing to ${action} ${stackName}${whose}: the ${stack} settings still have the placeholder ${found.join(' and ')}; set your own in ${deploySettingsFile(stack)} (README: Deploying for real).`,
      );
    }
  }
  // The state bucket's policy admits its own account only (the state stack), so an environment in another account
  // could not read or write its state: say so now, not at `terraform init`.
  const environment = settingsOf(stackName);
  const state = settingsOf(STATE_STACK_NAME);
  if (stackName !== STATE_STACK_NAME && environment && state && environment.accountId !== state.accountId) {
    throw new UsageError(
      `refusing to ${action} ${stackName}: it deploys to account ${environment.accountId} but its state bucket is in ${state.accountId} (${deploySettingsFile(STATE_STACK_NAME)}), whose bucket and key policies grant no other account.`,
    );
  }
}

/**
 * The environment of the deploy's child process. No call to HashiCorp's checkpoint service (Terraform's and
 * cdktf-cli's version and telemetry check: it fails on an offline machine and prints an error line), and, when the
 * output is not a terminal, cdktf-cli's CI mode (plain lines instead of spinner frames).
 * https://developer.hashicorp.com/terraform/cli/commands#disabling-checkpoint
 */
export function deployEnvironment(
  environment: NodeJS.ProcessEnv = process.env,
  outputIsTerminal = Boolean(process.stdout.isTTY),
): NodeJS.ProcessEnv {
  return {
    ...environment,
    CHECKPOINT_DISABLE: '1',
    ...(outputIsTerminal || environment['CI'] !== undefined ? {} : { CI: 'true' }),
  };
}

/** The credentials are missing, or are another account's than the stack's: exit code 3, before Terraform starts. */
export class DeployCredentialsError extends Error {
  override readonly name = 'DeployCredentialsError';
}
export const EXIT_CREDENTIALS = 3;

/**
 * Before Terraform talks to AWS: there are credentials, and they belong to the account the stack deploys to.
 * GetCallerIdentity needs no permission and cannot be denied
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html), so a failure means no usable
 * credentials. The provider's `allowed_account_ids` would refuse another account too, but only after Terraform's
 * init and refresh have run with them; this says so in one sentence first.
 */
export async function checkDeployAccount(
  stackName: string,
  expected: { readonly accountId: string; readonly region: string },
  sts: Pick<STSClient, 'send'> = new STSClient({ region: expected.region }),
): Promise<void> {
  let account: string | undefined;
  try {
    ({ Account: account } = await sts.send(new GetCallerIdentityCommand({})));
  } catch (error) {
    const reason = String((error as Error).message ?? error).split('\n')[0];
    throw new DeployCredentialsError(
      `no usable AWS credentials to deploy ${stackName} (${reason}): set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, for account ${expected.accountId}.`,
    );
  }
  if (account !== expected.accountId) {
    throw new DeployCredentialsError(
      `the AWS credentials are account ${account}'s, but ${stackName} deploys to ${expected.accountId} (${deploySettingsFile(stackName)}): use credentials of that account.`,
    );
  }
}

/**
 * `nx run infra:deploy --env=<state|dev|prod> [--saved-plan]` / `infra:destroy`: cdktf-cli deploys one stack,
 * re-synthesizing it with cdktf.json's app (the same entry point as infra:synth), or Terraform applies its saved,
 * reviewed plan. Order: `--env=state` once, then each environment. Placeholders (exit 1) and credentials (exit 3)
 * are checked before Terraform starts.
 */
export function runCdktf(action: DeployAction, argv: readonly string[]): void {
  void (async () => {
    try {
      const { command, args } = cdktfInvocation(action, argv);
      const { stackName } = parseCommandLine(argv, ['auto-approve', 'yes-i-mean-prod', 'saved-plan']);
      refusePlaceholders(action, stackName);
      const settings = stackName === STATE_STACK_NAME ? deployedStateConfig() : deployedEnvironment(stackName as 'dev');
      await checkDeployAccount(stackName, settings);
      console.log(`${path.isAbsolute(command) ? path.relative(WORKSPACE_ROOT, command) : command} ${args.join(' ')}`);
      const result = spawnSync(command, args, { cwd: WORKSPACE_ROOT, stdio: 'inherit', env: deployEnvironment() });
      if (result.error) throw result.error;
      process.exitCode = result.status ?? 1;
    } catch (error) {
      reportCliError(error);
      if (error instanceof DeployCredentialsError) process.exitCode = EXIT_CREDENTIALS;
    }
  })();
}
