import type { Rule } from '../rule';
import { resourceTypeReviewed } from './resource-type-reviewed';

export { REVIEWED_WITHOUT_A_TYPE_RULE } from './catalog';

/** The catalog of resource types, built from the other rules (rules/index.ts lists it last). */
export function resourceCatalogRule(rules: readonly Rule[]): Rule {
  return resourceTypeReviewed(rules);
}
