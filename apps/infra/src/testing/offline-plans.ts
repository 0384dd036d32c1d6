import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { WORKSPACE_ROOT } from '../app';
import { OFFLINE_PLANS_COMMAND, OFFLINE_PLANS_DIRECTORY } from '../terraform/offline-plans';
import type { PlanJson } from '../terraform/plan-stack';

/**
 * Test support: the offline synth and plans that `infra:offline-plans` made for this run (infra:integration depends
 * on it). A missing file fails with the command that makes it; nothing is skipped.
 */
export function offlinePlanFile(stack: string, file: 'cdk.tf.json' | 'plan.json'): string {
  const location = path.join(WORKSPACE_ROOT, OFFLINE_PLANS_DIRECTORY, 'stacks', stack, file);
  if (!existsSync(location)) {
    throw new Error(
      `${path.relative(WORKSPACE_ROOT, location)} is missing: run \`${OFFLINE_PLANS_COMMAND}\` first ` +
        '(`npx nx run infra:integration` runs it; it needs the Lambda builds, terraform and the provider mirror).',
    );
  }
  return location;
}

export function sharedOfflinePlan(stack: string): PlanJson {
  return JSON.parse(readFileSync(offlinePlanFile(stack, 'plan.json'), 'utf8')) as PlanJson;
}
