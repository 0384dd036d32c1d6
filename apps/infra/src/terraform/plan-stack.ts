import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { runTerraform, runTerraformAsync, type TerraformRunOptions } from './terraform-cli';

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

/** The three commands, in order; a stack's plan is `init`, then `plan -out=tfplan`, then `show -json tfplan`. */
function planSteps(options: PlanStackOptions): readonly (readonly string[])[] {
  return [
    ['init', '-input=false', '-no-color'],
    ['plan', '-input=false', '-no-color', `-lock=${options.lock ?? true}`, '-out=tfplan'],
    ['show', '-json', 'tfplan'],
  ];
}

function stackPlanOf(stackDirectory: string, shown: string, [init, plan, show]: number[]): StackPlan {
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

/**
 * `terraform init`, `plan -out` and `show -json` in a synthesized stack folder; writes plan.json next to the stack's
 * cdk.tf.json and returns it parsed. No separate `validate`: plan validates the configuration itself, and a second
 * provider start-up cost as much as a third of the stack's plan.
 */
export function planStack(stackDirectory: string, options: PlanStackOptions = {}): StackPlan {
  const seconds: number[] = [];
  let shown = '';
  for (const args of planSteps(options)) {
    const started = performance.now();
    shown = runTerraform(args, { ...options, cwd: stackDirectory });
    seconds.push(Math.round(performance.now() - started) / 1000);
  }
  return stackPlanOf(stackDirectory, shown, seconds);
}

/** planStack without blocking: the same commands, so that several stacks can be planned at the same time. */
export async function planStackAsync(stackDirectory: string, options: PlanStackOptions = {}): Promise<StackPlan> {
  const seconds: number[] = [];
  let shown = '';
  for (const args of planSteps(options)) {
    const started = performance.now();
    shown = await runTerraformAsync(args, { ...options, cwd: stackDirectory });
    seconds.push(Math.round(performance.now() - started) / 1000);
  }
  return stackPlanOf(stackDirectory, shown, seconds);
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
