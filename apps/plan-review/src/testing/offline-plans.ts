import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { WORKSPACE_ROOT } from '../repository/workspace';

/**
 * Test support: the offline synth and plans of the infra stacks that `infra:offline-plans` made for this run
 * (plan-review:integration depends on it; it writes apps/infra/src/terraform/offline-plans.ts
 * OFFLINE_PLANS_DIRECTORY). A missing file fails with the command that makes it; nothing is skipped.
 */
export const OFFLINE_PLANS_DIRECTORY = 'dist/apps/infra/offline-plans';

export function offlinePlanFile(stack: string, file: 'cdk.tf.json' | 'plan.json'): string {
  const location = join(WORKSPACE_ROOT, OFFLINE_PLANS_DIRECTORY, 'stacks', stack, file);
  if (!existsSync(location)) {
    throw new Error(
      `${relative(WORKSPACE_ROOT, location)} is missing: run \`npx nx run infra:offline-plans\` first ` +
        '(`npx nx run plan-review:integration` runs it; it needs the Lambda builds, terraform and the provider mirror).',
    );
  }
  return location;
}
