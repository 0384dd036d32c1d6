import { label } from './model/lookup';
import type { Resource, ReviewModel } from './model/types';
import { allRules, type Finding, type Rule } from './rules';

export type RuleStatus = 'pass' | 'fail' | 'suppressed' | 'not-applicable';

export interface ReviewedFinding extends Finding {
  /** The reason from the suppression that accepted this failure. */
  readonly suppressedBecause?: string;
}

export interface RuleResult {
  readonly rule: Pick<Rule, 'id' | 'title' | 'checkovId' | 'trivyId'>;
  readonly status: RuleStatus;
  readonly findings: readonly ReviewedFinding[];
}

export interface SuppressionUse {
  readonly address: string;
  readonly resource: string;
  readonly rule: string;
  readonly reason: string;
  /** False when no failing finding matched it (stale suppression; reported, not a failure). */
  readonly used: boolean;
}

export interface Review {
  readonly passed: boolean;
  readonly results: readonly RuleResult[];
  readonly suppressions: readonly SuppressionUse[];
}

export const SUPPRESSION_RULE: Pick<Rule, 'id' | 'title'> = {
  id: 'suppression-has-reason',
  title: 'Every suppression names a rule and gives a reason',
};

/** Runs every rule, applies the suppressions declared on the resources, and decides pass/fail. */
export function review(model: ReviewModel, rules: readonly Rule[] = allRules): Review {
  const byAddress = new Map(model.resources.map((resource) => [resource.address, resource]));
  const used = new Set<string>();
  const results: RuleResult[] = rules.map((rule) => {
    const findings = rule.check(model).map((found) => {
      const suppression = found.passed ? undefined : matchingSuppression(byAddress.get(found.address), rule);
      if (suppression) used.add(`${found.address} ${suppression.rule}`);
      return suppression ? { ...found, suppressedBecause: suppression.reason } : found;
    });
    return { rule: identity(rule), status: statusOf(findings), findings };
  });
  results.push(suppressionResult(model));
  const suppressions = model.resources.flatMap((resource) =>
    resource.suppressions.map((suppression) => ({
      address: resource.address,
      resource: label(resource),
      ...suppression,
      used: used.has(`${resource.address} ${suppression.rule}`),
    })),
  );
  return { passed: results.every((result) => result.status !== 'fail'), results, suppressions };
}

function matchingSuppression(resource: Resource | undefined, rule: Rule) {
  const ids = [rule.id, ...(rule.checkovId?.split(/,\s*/) ?? []), ...(rule.trivyId?.split(/,\s*/) ?? [])];
  return resource?.suppressions.find((suppression) => ids.includes(suppression.rule));
}

function statusOf(findings: readonly ReviewedFinding[]): RuleStatus {
  if (findings.length === 0) return 'not-applicable';
  if (findings.some((found) => !found.passed && !found.suppressedBecause)) return 'fail';
  return findings.some((found) => found.suppressedBecause) ? 'suppressed' : 'pass';
}

function suppressionResult(model: ReviewModel): RuleResult {
  const findings = model.resources.flatMap((resource) => [
    ...resource.invalidSuppressions.map((invalid) => ({
      ruleId: SUPPRESSION_RULE.id,
      address: resource.address,
      passed: false,
      message: `${label(resource)}: a suppression ${invalid.problem}`,
    })),
    ...resource.suppressions.map((suppression) => ({
      ruleId: SUPPRESSION_RULE.id,
      address: resource.address,
      passed: true,
      message: `${label(resource)}: ${suppression.rule} suppressed with a reason`,
    })),
  ]);
  return { rule: SUPPRESSION_RULE, status: statusOf(findings), findings };
}

function identity(rule: Rule): RuleResult['rule'] {
  return { id: rule.id, title: rule.title, checkovId: rule.checkovId, trivyId: rule.trivyId };
}
