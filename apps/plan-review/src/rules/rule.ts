import { isProduction, label, liveResources } from '../model/lookup';
import { EMPTY_REVIEW_CONFIG, type ReviewConfig } from '../config/review-config';
import type { Resource, ReviewModel } from '../model/types';

/** One rule's verdict on one resource (or on the stack, for stack-wide rules). */
export interface Finding {
  readonly ruleId: string;
  readonly address: string;
  readonly passed: boolean;
  readonly message: string;
}

/**
 * How much a failure matters. Every severity fails the review unless a suppression that counts accepts it; the
 * severity decides whether a suppression can (critical: never), the order of the report, and the level and score
 * GitHub code scanning shows (render/sarif.ts).
 * - critical: a hole no change may waive for itself: a public DB, open ingress, plaintext credentials, a `*`
 *   principal, an admin policy, a foreign account, an undeclared path to a protected asset.
 * - high: weakens a protection of data or credentials directly (encryption, TLS, least privilege, isolation).
 * - medium: removes or neuters a guard or a defence in depth (logs, alarms, rotation, backups, retention).
 * - low: hygiene that keeps operations sane (tags copied to snapshots, minor upgrades, names).
 */
export type Severity = 'critical' | 'high' | 'medium' | 'low';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

/**
 * The checks of the peers this rule corresponds to, as those tools name them: checkov (`CKV_AWS_16`) and trivy
 * (`AWS-0080`); empty when neither has one.
 */
export interface Peers {
  readonly checkov: readonly string[];
  readonly trivy: readonly string[];
}

/**
 * Where this rule and a peer's check disagree on purpose, measured on the peer's own test fixtures (issue 17 point
 * 8): what the peer accepts or refuses that we do not, and why ours is right for this architecture.
 */
export interface PeerDifference {
  readonly peer: 'checkov' | 'trivy';
  readonly id: string;
  readonly difference: string;
}

export interface Rule {
  /** Our id, kebab-case: `rds-storage-encrypted`. */
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  /** What the rule guards and why, in a paragraph: the docs and SARIF's help text. */
  readonly description: string;
  /** What to change when it fails, in a sentence or two. */
  readonly remediation: string;
  /** The AWS pages (and other primary sources) the rule's model of AWS comes from. */
  readonly docs: readonly string[];
  readonly peers: Peers;
  readonly differences?: readonly PeerDifference[];
  /** Resource types the rule looks at (documentation and the rule table). */
  readonly appliesTo: readonly string[];
  /** No findings means "not applicable" (nothing of that kind in the stack). */
  check(model: ReviewModel, context?: RuleContext): Finding[];
}

/** A rule as written in its own file. */
export type RuleDefinition = Rule;

/** One rule, in its own file under the folder of its concern (rules/<concern>/<id>.ts). */
export function defineRule(definition: RuleDefinition): Rule {
  return definition;
}

/** What a rule may know besides the stack. */
export interface RuleContext {
  /** `YYYY-MM-DD` in UTC: the day the review runs (review.ts's `today`, today by default). */
  readonly today: string;
  /** The reviewed settings (accounts and references the stack may name): review-config.json unless a caller says. */
  readonly config: ReviewConfig;
}

/** The context of a rule run outside a review: today, and no reviewed settings. */
export function currentContext(): RuleContext {
  return { today: new Date().toISOString().slice(0, 10), config: EMPTY_REVIEW_CONFIG };
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

/** A per-resource rule as written in its own file (see defineRule). */
export type ResourceRuleDefinition = Omit<RuleDefinition, 'check'> & Omit<PerResourceRule, keyof RuleIdentity>;

/** One per-resource rule in its own file: every live resource of `appliesTo` passes or fails by `problem`. */
export function defineResourceRule(definition: ResourceRuleDefinition): Rule {
  return perResource(definition);
}
