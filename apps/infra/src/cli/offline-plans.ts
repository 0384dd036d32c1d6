import './exit-on-config-error';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { WORKSPACE_ROOT } from '../app';
import { makeOfflinePlans, OFFLINE_PLANS_DIRECTORY } from '../terraform/offline-plans';
import { runMain, STACK_NAMES } from './options';

/**
 * `nx run infra:offline-plans`: the one offline synth and the one offline plan of every stack (state, dev, prod) that
 * a test run shares; the specs that read them (infra:integration, plan-review:integration) depend on this target.
 * Usage: offline-plans.ts [--outdir <dir>] (default dist/apps/infra/offline-plans)
 */
runMain(() => {
  const { values } = parseArgs({ options: { outdir: { type: 'string' } }, strict: true });
  const outdir = path.resolve(WORKSPACE_ROOT, values.outdir ?? OFFLINE_PLANS_DIRECTORY);
  makeOfflinePlans(outdir, STACK_NAMES).catch((error: Error) => {
    console.error(`error: ${error.message}`);
    process.exitCode = 1;
  });
});
