import { App } from 'cdktf';
import path from 'node:path';
import { deployedEnvironment, deployedStateConfig, ENVIRONMENT_NAMES, environments, stateConfig } from './config';
import { EnvironmentStack } from './stacks/environment-stack';
import { type SynthVariant } from './stacks/stack-settings';
import { StateStack } from './stacks/state-stack';

export type { SynthVariant } from './stacks/stack-settings';

export const STATE_STACK_NAME = 'state';
export const WORKSPACE_ROOT = path.resolve(__dirname, '../../..');

export interface BuildAppOptions {
  /** @default CDKTF_OUTDIR when cdktf-cli runs the app, else 'cdktf.out' */
  readonly outdir?: string;
  readonly variant: SynthVariant;
}

/**
 * The whole deployment: the `state` stack (the state bucket) and one stack per environment (`dev`, `prod`).
 *
 * @example buildApp({ outdir: 'cdktf.out', variant: 'aws' }).synth()
 */
export function buildApp(options: BuildAppOptions): App {
  const app = new App({ outdir: options.outdir });
  // What talks to AWS takes the deploy/<stack>.json settings (account, region, alert subscribers); the offline
  // variant keeps the committed values, so tests and offline plans are the same on every clone.
  const real = options.variant === 'aws';
  const state = real ? deployedStateConfig() : stateConfig;
  new StateStack(app, STATE_STACK_NAME, {
    config: state,
    variant: options.variant,
    // The real state stack's state must outlive re-synthesis, so it sits at the workspace root (git-ignored).
    localStatePath: options.variant === 'aws' ? statePathFromStackFolder(app.outdir) : undefined,
  });
  for (const name of ENVIRONMENT_NAMES) {
    const config = real ? deployedEnvironment(name) : environments[name];
    new EnvironmentStack(app, name, { config, state, variant: options.variant });
  }
  return app;
}

function statePathFromStackFolder(outdir: string): string {
  const stackFolder = path.resolve(outdir, 'stacks', STATE_STACK_NAME);
  return path.relative(stackFolder, path.join(WORKSPACE_ROOT, `terraform.${STATE_STACK_NAME}.tfstate`));
}
