import { isProduction, label, liveResources } from '../model/lookup';
import type { Resource, ReviewModel } from '../model/types';

/** One rule's verdict on one resource (or on the stack, for stack-wide rules). */
export interface Finding {
  readonly ruleId: string;
  readonly address: string;
  readonly passed: boolean;
  readonly message: string;
}

export interface Rule {
  /** Our id, kebab-case: `rds-storage-encrypted`. */
  readonly id: string;
  readonly title: string;
  readonly checkovId?: string;
  readonly trivyId?: string;
  /**
   * A critical rule guards a hole no change may waive for itself (a public DB, open ingress, plaintext credentials,
   * a `*` principal, an admin policy): no suppression counts for it, wherever it is declared.
   */
  readonly critical?: boolean;
  /** Resource types the rule looks at (documentation and the rule table). */
  readonly appliesTo: readonly string[];
  /** No findings means "not applicable" (nothing of that kind in the stack). */
  check(model: ReviewModel, context?: RuleContext): Finding[];
}

/** What a rule may know besides the stack: the review's clock, so that specs can pin the day. */
export interface RuleContext {
  /** `YYYY-MM-DD` in UTC: the day the review runs (review.ts's `today`, today by default). */
  readonly today: string;
}

/** The context of a rule run outside a review: today. */
export function currentContext(): RuleContext {
  return { today: new Date().toISOString().slice(0, 10) };
}

type RuleIdentity = Omit<Rule, 'check'>;

export interface PerResourceRule extends RuleIdentity {
  /** Production-only rules report nothing for other environments. */
  readonly productionOnly?: boolean;
  /** Returns the problem in a sentence, or undefined when the resource passes. */
  problem(resource: Resource, model: ReviewModel, context: RuleContext): string | undefined;
}

/** The common shape: look at every live resource of the listed types and pass or fail each. */
export function perResource(definition: PerResourceRule): Rule {
  const { problem, productionOnly, ...identity } = definition;
  return {
    ...identity,
    check(model, context = currentContext()) {
      if (productionOnly && !isProduction(model)) return [];
      return liveResources(model, ...identity.appliesTo).map((resource) => {
        const found = problem(resource, model, context);
        return finding(identity.id, resource, found);
      });
    },
  };
}

export function finding(ruleId: string, resource: Resource, problem: string | undefined): Finding {
  return {
    ruleId,
    address: resource.address,
    passed: problem === undefined,
    message: problem ?? `${label(resource)}: ok`,
  };
}
