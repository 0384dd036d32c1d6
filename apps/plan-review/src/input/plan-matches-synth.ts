import type { Resource } from '../model/types';
import { InputError } from './input-error';

/**
 * A plan reviewed with a `cdk.tf.json` beside it must have been made from that synth: otherwise the review reads
 * construct paths and suppressions from one configuration and values from another (a prod re-plan leaves dev's old
 * plan.json beside dev's new synth, and its review would pass). Terraform writes nothing into the plan that names
 * the synth, so the check compares what both state: the same resources, and the same literal value wherever the plan's
 * configuration records a constant for a top-level attribute the synth writes as a literal.
 */
export function assertPlanMadeFromSynth(
  planResources: readonly Resource[],
  synthResources: readonly Resource[],
  planSource: string,
  synthSource: string,
): void {
  // Resources being deleted are in the plan but no longer in the configuration it was made from.
  const planned = planResources.filter((resource) => resource.action !== 'delete');
  const inPlan = new Set(planned.map((resource) => baseAddress(resource.address)));
  const inSynth = new Set(synthResources.map((resource) => resource.address));
  const onlyInSynth = [...inSynth].filter((address) => !inPlan.has(address));
  const onlyInPlan = [...inPlan].filter((address) => !inSynth.has(address));
  const stale = (detail: string) =>
    new InputError(
      `${planSource} was not made from ${synthSource} (${detail}): plan again from this synth, or review it without --synth.`,
    );
  if (onlyInSynth.length > 0 || onlyInPlan.length > 0) {
    const first = onlyInSynth[0] ? `${onlyInSynth[0]} only in the synth` : `${onlyInPlan[0]} only in the plan`;
    throw stale(`${onlyInSynth.length + onlyInPlan.length} resources differ, e.g. ${first}`);
  }
  const synthByAddress = new Map(synthResources.map((resource) => [resource.address, resource]));
  for (const resource of planned) {
    const declared = synthByAddress.get(baseAddress(resource.address));
    if (!declared || !resource.configured) continue;
    for (const [attribute, planValue] of Object.entries(resource.configured)) {
      const synthValue = declared.values[attribute];
      if (!isLiteral(planValue) || !isLiteral(synthValue)) continue;
      if (String(planValue) !== String(synthValue)) {
        throw stale(
          `${resource.address}.${attribute} is ${JSON.stringify(planValue)} in the plan, ${JSON.stringify(synthValue)} in the synth`,
        );
      }
    }
  }
}

/** `aws_subnet.app[0]` and `aws_subnet.app["a"]` come from `aws_subnet.app` of the synth. */
function baseAddress(address: string): string {
  return address.replace(/\[[^\]]*\]$/, '');
}

/** A primitive the synth writes as such (not a `${…}` expression, which the plan resolves or records as a reference). */
function isLiteral(value: unknown): value is string | number | boolean {
  return (
    (typeof value === 'string' && !value.includes('${')) || typeof value === 'number' || typeof value === 'boolean'
  );
}
