import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { runTerraform, type TerraformRunOptions } from './terraform-cli';

/** The parts of `terraform show -json <plan>` we read. */
export interface PlanJson {
  readonly format_version: string;
  readonly resource_changes?: ReadonlyArray<{
    readonly address: string;
    readonly mode: 'managed' | 'data';
    readonly type: string;
    readonly change: { readonly actions: readonly string[]; readonly after?: Record<string, unknown> | null };
  }>;
  readonly configuration?: unknown;
}

export interface StackPlan {
  readonly stackName: string;
  readonly planFile: string;
  readonly plan: PlanJson;
  readonly seconds: { readonly init: number; readonly plan: number; readonly show: number };
}

export interface PlanStackOptions extends Omit<TerraformRunOptions, 'cwd'> {
  /** false for offline plans: local state nobody else uses. @default true */
  readonly lock?: boolean;
}

function timed<T>(work: () => T): [T, number] {
  const started = performance.now();
  const result = work();
  return [result, Math.round(performance.now() - started) / 1000];
}

/**
 * `terraform init`, `plan -out` and `show -json` in a synthesized stack folder; writes plan.json next to the stack's
 * cdk.tf.json and returns it parsed. No separate `validate`: plan validates the configuration itself, and a second
 * provider start-up cost as much as a third of the stack's plan.
 */
export function planStack(stackDirectory: string, options: PlanStackOptions = {}): StackPlan {
  const run = (args: string[]) => runTerraform(args, { ...options, cwd: stackDirectory });
  const lock = `-lock=${options.lock ?? true}`;
  const [, init] = timed(() => run(['init', '-input=false', '-no-color']));
  const [, plan] = timed(() => run(['plan', '-input=false', '-no-color', lock, '-out=tfplan']));
  const [shown, show] = timed(() => run(['show', '-json', 'tfplan']));
  const planJson = JSON.parse(shown) as PlanJson;
  const planFile = path.join(stackDirectory, 'plan.json');
  writeFileSync(planFile, `${JSON.stringify(planJson, null, 2)}\n`);
  return {
    stackName: path.basename(stackDirectory),
    planFile,
    plan: planJson,
    seconds: { init, plan, show },
  };
}

/** How many resources of each type the plan creates (or otherwise changes), e.g. { aws_subnet: 6 }. */
export function countResourceTypes(plan: PlanJson, action = 'create'): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const change of plan.resource_changes ?? []) {
    if (change.mode === 'managed' && change.change.actions.includes(action)) {
      counts[change.type] = (counts[change.type] ?? 0) + 1;
    }
  }
  return counts;
}

export function summarizePlan(stackPlan: StackPlan): string {
  const changes = stackPlan.plan.resource_changes ?? [];
  const count = (action: string) => changes.filter((change) => change.change.actions.includes(action)).length;
  const types = Object.entries(countResourceTypes(stackPlan.plan))
    .sort(([first], [second]) => first.localeCompare(second))
    .map(([type, total]) => `    ${type} x${total}`);
  const { init, plan, show } = stackPlan.seconds;
  return [
    `${stackPlan.stackName}: ${count('create')} to create, ${count('update')} to update, ${count(
      'delete',
    )} to delete ` + `(init ${init} s, plan ${plan} s, show -json ${show} s)`,
    `  plan.json: ${path.relative(process.cwd(), stackPlan.planFile)}`,
    ...types,
  ].join('\n');
}
