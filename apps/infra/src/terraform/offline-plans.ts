import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../app';
import { planStackAsync, summarizePlan, type StackPlan } from './plan-stack';
import { assertProviderMirror, providerMirrorPath, terraformVersion, writeMirrorCliConfig } from './terraform-cli';

/**
 * Where `nx run infra:offline-plans` writes, relative to the workspace root: `stacks/<stack>/cdk.tf.json` (the
 * offline synth) and `stacks/<stack>/plan.json` (`terraform show -json` of its offline plan), for every stack.
 */
export const OFFLINE_PLANS_DIRECTORY = 'dist/apps/infra/offline-plans';
/** The command that makes them (Nx runs it first for every target that depends on it). */
export const OFFLINE_PLANS_COMMAND = 'npx nx run infra:offline-plans';

/**
 * One offline synth, then `terraform init`, `plan -out` and `show -json` of every stack, the stacks side by side
 * (each step is mostly one process loading the provider; on 2 cores the three finish ~15 % sooner together than one
 * after another, and sooner still when other tasks compete for the cores). Terraform works
 * in a temp folder; `outdir` receives only each stack's cdk.tf.json and plan.json, so a cached copy holds no provider
 * links or plan files. Needs the Lambda bundles, `terraform` and the provider mirror (fails saying how to get them).
 */
export async function makeOfflinePlans(outdir: string, stacks: readonly string[]): Promise<StackPlan[]> {
  console.log(`terraform ${terraformVersion()}; offline plans of ${stacks.join(', ')} to ${outdir}`);
  const mirror = providerMirrorPath();
  assertProviderMirror(mirror);
  const workFolder = mkdtempSync(path.join(tmpdir(), 'infra-offline-plans-'));
  try {
    const started = performance.now();
    const synthDirectory = path.join(workFolder, 'cdktf.out.offline');
    buildApp({ outdir: synthDirectory, variant: 'offline' }).synth();
    console.log(`synthesized the offline variant in ${Math.round(performance.now() - started)} ms`);
    const cliConfigFile = writeMirrorCliConfig(path.join(workFolder, 'terraform.tfrc'), mirror);
    rmSync(outdir, { recursive: true, force: true });
    const plans = await Promise.all(
      stacks.map((stack) => planStackAsync(path.join(synthDirectory, 'stacks', stack), { cliConfigFile, lock: false })),
    );
    return plans.map((stackPlan) => {
      const stack = stackPlan.stackName;
      const stackDirectory = path.join(synthDirectory, 'stacks', stack);
      const target = path.join(outdir, 'stacks', stack);
      mkdirSync(target, { recursive: true });
      for (const file of ['cdk.tf.json', 'plan.json']) {
        copyFileSync(path.join(stackDirectory, file), path.join(target, file));
      }
      const shared = { ...stackPlan, planFile: path.join(target, 'plan.json') };
      console.log(summarizePlan(shared));
      return shared;
    });
  } finally {
    rmSync(workFolder, { recursive: true, force: true });
  }
}
