import { EMPTY_REVIEW_CONFIG, type ReviewConfig } from './config/review-config';
import type { ReviewedSuppression, ReviewModel } from './model/types';
import { label } from './model/lookup';
import { allRules, type Finding, type Rule } from './rules';
import {
  declaredSuppressions,
  isExpired,
  refusal,
  ruleIds,
  todayUtc,
  type DeclaredSuppression,
  type SuppressionSource,
} from './suppression-policy';

export type RuleStatus = 'pass' | 'fail' | 'suppressed' | 'not-applicable';

export interface ReviewedFinding extends Finding {
  /** The reason from the suppression that accepted this failure. */
  readonly suppressedBecause?: string;
  /** Why the suppressions naming this failure do not count (critical rule, expired, not reviewed); it stays failed. */
  readonly suppressionRefused?: string;
}

export interface RuleResult {
  readonly rule: RuleIdentity;
  readonly status: RuleStatus;
  readonly findings: readonly ReviewedFinding[];
}

export interface SuppressionUse {
  readonly address: string;
  readonly resource: string;
  readonly rule: string;
  readonly reason: string;
  readonly source: SuppressionSource;
  readonly expires?: string;
  /** applied: it accepted a failure; refused: it named a failure and does not count; unused: nothing it names failed. */
  readonly status: 'applied' | 'refused' | 'unused';
  readonly refusedBecause?: string;
  /** status === 'applied' (an unused suppression is stale: reported, not a failure). */
  readonly used: boolean;
}

export interface Review {
  readonly passed: boolean;
  readonly results: readonly RuleResult[];
  readonly suppressions: readonly SuppressionUse[];
}

export interface ReviewOptions {
  readonly rules?: readonly Rule[];
  /** The entries of `review-suppressions.json`. */
  readonly reviewedSuppressions?: readonly ReviewedSuppression[];
  /** `YYYY-MM-DD`, for expiries and the rules that compare dates (rule.ts RuleContext); today in UTC by default. */
  readonly today?: string;
  /** The reviewed settings the rules read (rule.ts RuleContext); none by default (the CLI passes the repository's: repository-config.ts). */
  readonly config?: ReviewConfig;
}

/** What a report says about a rule: everything but its check. */
export type RuleIdentity = Omit<Rule, 'check'>;

/** The review's own rule over the suppressions themselves (review-suppressions.json and `//.review_suppress`). */
export const SUPPRESSION_RULE: RuleIdentity = {
  id: 'suppression-has-reason',
  title: 'Every suppression names a rule, gives a reason, and has not expired',
  severity: 'medium',
  description:
    'A suppression accepts a failing rule for one resource. It counts only when it names a rule the review has, gives ' +
    'the reviewed reason, and has not expired; an in-code suppression also needs the same entry in ' +
    'review-suppressions.json (under CODEOWNERS), or, for a low-severity rule only, an expiry within 180 days. An expired or malformed one fails here, so ' +
    'a waiver cannot outlive the reason it was given for.',
  remediation:
    'Fix what the suppression waives and delete it, or renew it in review-suppressions.json with a new date and reason.',
  docs: [],
  peers: { checkov: [], trivy: [] },
  appliesTo: ['every suppression (review-suppressions.json, //.review_suppress)'],
};

/** Runs every rule, applies the suppressions that count, and decides pass/fail. */
export function review(model: ReviewModel, options: ReviewOptions = {}): Review {
  const today = options.today ?? todayUtc();
  const config = options.config ?? EMPTY_REVIEW_CONFIG;
  const declared = declaredSuppressions(model, options.reviewedSuppressions ?? []);
  const applied = new Set<DeclaredSuppression>();
  const refused = new Map<DeclaredSuppression, string>();
  const results: RuleResult[] = (options.rules ?? allRules).map((rule) => {
    const findings = rule.check(model, { today, config }).map((found): ReviewedFinding => {
      if (found.passed) return found;
      const candidates = declared.filter((s) => s.address === found.address && ruleIds(rule).includes(s.rule));
      const verdicts = candidates.map((suppression) => ({
        suppression,
        refused: refusal(suppression, rule, declared, today),
      }));
      for (const { suppression, refused: why } of verdicts)
        if (why) refused.set(suppression, why);
        else applied.add(suppression);
      const counting = verdicts.find((verdict) => !verdict.refused);
      if (counting) return { ...found, suppressedBecause: counting.suppression.reason };
      return verdicts.length ? { ...found, suppressionRefused: verdicts[0].refused } : found;
    });
    return { rule: identity(rule), status: statusOf(findings), findings };
  });
  results.push(suppressionResult(model, declared, today));
  const suppressions = declared.map((suppression): SuppressionUse => {
    const status = applied.has(suppression) ? 'applied' : refused.has(suppression) ? 'refused' : 'unused';
    return {
      ...suppression,
      status,
      ...(status === 'refused' ? { refusedBecause: refused.get(suppression) } : {}),
      used: status === 'applied',
    };
  });
  return { passed: results.every((result) => result.status !== 'fail'), results, suppressions };
}

function statusOf(findings: readonly ReviewedFinding[]): RuleStatus {
  if (findings.length === 0) return 'not-applicable';
  if (findings.some((found) => !found.passed && !found.suppressedBecause)) return 'fail';
  return findings.some((found) => found.suppressedBecause) ? 'suppressed' : 'pass';
}

function suppressionResult(model: ReviewModel, declared: readonly DeclaredSuppression[], today: string): RuleResult {
  const findings: Finding[] = [
    ...model.resources.flatMap((resource) =>
      resource.invalidSuppressions.map((invalid) => ({
        ruleId: SUPPRESSION_RULE.id,
        address: resource.address,
        passed: false,
        message: `${label(resource)}: a suppression ${invalid.problem}`,
      })),
    ),
    ...declared.map((suppression) => {
      const expired = isExpired(suppression, today);
      const where = suppression.source === 'code' ? 'in code' : `in ${suppression.source}`;
      return {
        ruleId: SUPPRESSION_RULE.id,
        address: suppression.address,
        passed: !expired,
        message: expired
          ? `${suppression.resource}: the suppression of ${suppression.rule} ${where} expired on ${suppression.expires}; ` +
            'fix what it waives, or renew it with a new date and reason'
          : `${suppression.resource}: ${suppression.rule} suppressed ${where} with a reason`,
      };
    }),
  ];
  return { rule: SUPPRESSION_RULE, status: statusOf(findings), findings };
}

function identity(rule: Rule): RuleIdentity {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { check, ...rest } = rule;
  return rest;
}
