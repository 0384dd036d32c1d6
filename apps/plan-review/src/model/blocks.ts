import type { ConfigurationBlock, Resource, ReviewModel } from './types';

/** The model's non-resource blocks of the given kinds (providers, outputs, variables, locals, data, modules). */
export function blocksOf(model: ReviewModel, ...kinds: ConfigurationBlock['kind'][]): ConfigurationBlock[] {
  return (model.blocks ?? []).filter((block) => kinds.includes(block.kind));
}

/** A block shaped as a resource, so a rule can report a finding on it (no construct path, no suppressions). */
export function blockAsResource(block: ConfigurationBlock): Resource {
  return {
    address: block.address,
    type: block.type,
    name: block.address.split('.').pop() ?? block.address,
    constructPath: block.address,
    action: 'planned',
    values: block.values,
    suppressions: [],
    invalidSuppressions: [],
  };
}
