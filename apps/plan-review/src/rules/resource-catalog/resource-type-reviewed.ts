import { liveResources } from '../../model/lookup';
import { defineRule, type Finding, type Rule } from '../rule';
import { REVIEWED_WITHOUT_A_TYPE_RULE } from './catalog';

/** Built from the other rules: a type is known when one of them names it in `appliesTo`, or the catalog lists it. */
export const resourceTypeReviewed = (rules: readonly Rule[]): Rule => {
  const known = new Set([...rules.flatMap((rule) => rule.appliesTo), ...Object.keys(REVIEWED_WITHOUT_A_TYPE_RULE)]);
  return defineRule({
    id: 'resource-type-reviewed',
    severity: 'high',
    peers: { checkov: [], trivy: [] },
    title: 'Every resource is of a type the review knows (a rule covers it), or it fails as not reviewed',
    description:
      'The AWS provider has hundreds of resource types, and a rule can only refuse what it looks at: a ' +
      'resource of a type no rule was written for (a RAM share offering the subnets to other accounts, a new kind of ' +
      'endpoint, a policy attached some other way) passes every rule by not being seen, which is how a hostile change ' +
      'slips past a list of bad patterns. So the review knows a closed catalog of types: those a rule names in ' +
      '`appliesTo`, and those listed in the catalog with what covers them. A resource of any other type fails as not ' +
      'reviewed until a reviewed change adds its type, with the rules that cover it. A new resource of a known type ' +
      "passes this rule and faces that type's rules.",
    remediation:
      'Write the rules the new type needs and name it in their `appliesTo`, or add it to the catalog ' +
      '(rules/resource-catalog/catalog.ts) with what covers it; or leave the resource out.',
    docs: [
      'https://developer.hashicorp.com/terraform/internals/json-format#plan-representation',
      'https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs',
    ],
    appliesTo: ['every resource'],
    check(model): Finding[] {
      return liveResources(model, ...new Set(model.resources.map((resource) => resource.type))).map((resource) => ({
        ruleId: 'resource-type-reviewed',
        address: resource.address,
        passed: known.has(resource.type),
        message: known.has(resource.type)
          ? `${resource.address}: a reviewed type`
          : `${resource.address}: ${resource.type} is not reviewed: no rule covers it; add it to the catalog (rules/resource-catalog.ts) with the rules that cover it`,
      }));
    },
  });
};
