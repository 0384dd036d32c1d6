import './exit-on-config-error';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { STATE_STACK_NAME, WORKSPACE_ROOT, buildApp } from '../app';
import { planStack, summarizePlan } from '../terraform/plan-stack';
import {
  assertProviderMirror,
  providerMirrorPath,
  terraformVersion,
  writeMirrorCliConfig,
} from '../terraform/terraform-cli';
import { refusePlaceholders } from './deploy';
import { parseCommandLine, runMain } from './options';

/**
 * `nx run infra:plan [--env=dev|prod|state] [--offline]`: synthesizes, then `terraform init/plan/show -json`
 * for the state stack and the chosen environment, writing plan.json next to each stack's cdk.tf.json.
 * Offline: local backends, dummy credentials, the AWS provider from the filesystem mirror at $TF_PROVIDER_MIRROR.
 * Real: the S3 backend and your AWS credentials; the mirror is used only when TF_PROVIDER_MIRROR is set.
 */
const OFFLINE_OUTDIR = 'cdktf.out.offline';

runMain(() => {
  const { stackName, flags } = parseCommandLine(process.argv.slice(2), ['offline']);
  const offline = flags.offline;
  // A real plan reads the S3 state and calls AWS with the config's account: not with a placeholder.
  if (!offline) refusePlaceholders('plan', stackName);
  const outdir = path.join(WORKSPACE_ROOT, offline ? OFFLINE_OUTDIR : 'cdktf.out');
  console.log(`terraform ${terraformVersion()}; synthesizing the ${offline ? 'offline' : 'aws'} variant to ${outdir}`);
  const started = performance.now();
  buildApp({ outdir, variant: offline ? 'offline' : 'aws' }).synth();
  console.log(`synthesized in ${Math.round(performance.now() - started)} ms`);

  let cliConfigFile: string | undefined;
  if (offline || process.env.TF_PROVIDER_MIRROR) {
    const mirror = providerMirrorPath();
    assertProviderMirror(mirror);
    cliConfigFile = writeMirrorCliConfig(path.join(outdir, 'terraform.tfrc'), mirror);
  }
  const stacks = stackName === STATE_STACK_NAME ? [STATE_STACK_NAME] : [STATE_STACK_NAME, stackName];
  for (const stack of stacks) {
    const stackPlan = planStack(path.join(outdir, 'stacks', stack), { cliConfigFile, lock: !offline });
    console.log(summarizePlan(stackPlan));
  }
});
