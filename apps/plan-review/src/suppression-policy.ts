import { label } from './model/lookup';
import type { ReviewedSuppression, ReviewModel, Suppression } from './model/types';
import type { Rule } from './rules';
import { REVIEWED_SUPPRESSIONS_FILE } from './input/reviewed-suppressions';

/**
 * Which suppressions count, by the rule's severity. A change under review can write anything into its own code, so a
 * suppression declared in code counts only when the reviewed file lists it too (under CODEOWNERS, so adding to it
 * takes the owners' approval), except for a low-severity rule (hygiene), where an in-code suppression that expires
 * soon counts on its own (a reviewer then sees it again). A change cannot waive a high or medium rule (encryption,
 * TLS, isolation, logs, alarms, backups) for itself, and no suppression counts for a critical rule.
 */

/** An in-code expiry further out than this does not count: a far date would be a permanent waiver in disguise. */
export const MAX_IN_CODE_EXPIRY_DAYS = 180;

export type SuppressionSource = 'code' | typeof REVIEWED_SUPPRESSIONS_FILE;

export interface DeclaredSuppression extends Suppression {
  readonly source: SuppressionSource;
  /** The address of the resource it concerns (or the entry's `resource`, when no resource of this stack matches). */
  readonly address: string;
  /** What a reviewer calls that resource (its construct path). */
  readonly resource: string;
}

/** Every suppression that concerns this stack: those in code on its resources, and the reviewed file's for it. */
export function declaredSuppressions(
  model: ReviewModel,
  reviewed: readonly ReviewedSuppression[],
): DeclaredSuppression[] {
  const inCode = model.resources.flatMap((resource) =>
    resource.suppressions.map((suppression) => ({
      ...suppression,
      source: 'code' as const,
      address: resource.address,
      resource: label(resource),
    })),
  );
  const stack = model.stackName ?? model.environment;
  const fromFile = reviewed
    .filter((entry) => entry.stack === undefined || entry.stack === stack)
    .map(({ resource: named, stack: _stack, ...suppression }) => {
      const resource = model.resources.find((candidate) =>
        [candidate.address, candidate.constructPath].includes(named),
      );
      return {
        ...suppression,
        source: REVIEWED_SUPPRESSIONS_FILE as SuppressionSource,
        address: resource?.address ?? named,
        resource: resource ? label(resource) : named,
      };
    });
  return [...inCode, ...fromFile];
}

/** Our id, then the checkov and trivy ids: a suppression may name the rule by any of them. */
export function ruleIds(rule: Pick<Rule, 'id' | 'peers'>): string[] {
  return [rule.id, ...rule.peers.checkov, ...rule.peers.trivy];
}

export function isExpired(suppression: Suppression, today: string): boolean {
  return suppression.expires !== undefined && suppression.expires < today;
}

/**
 * Why `suppression` does not count for a failure of `rule`, or undefined when it does. `all` is every suppression of
 * the stack: an in-code one counts when the reviewed file lists the same rule for the same resource.
 */
export function refusal(
  suppression: DeclaredSuppression,
  rule: Rule,
  all: readonly DeclaredSuppression[],
  today: string,
): string | undefined {
  if (rule.severity === 'critical') return `${rule.id} is critical, cannot be suppressed`;
  if (isExpired(suppression, today)) return `the suppression expired on ${suppression.expires}`;
  if (suppression.source !== 'code') return undefined;
  const listed = all.some(
    (other) =>
      other.source === REVIEWED_SUPPRESSIONS_FILE &&
      other.address === suppression.address &&
      ruleIds(rule).includes(other.rule) &&
      !isExpired(other, today),
  );
  if (listed) return undefined;
  if (rule.severity !== 'low')
    return `${rule.id} is ${rule.severity}: a suppression in code counts only when ${REVIEWED_SUPPRESSIONS_FILE} lists it too`;
  if (suppression.expires === undefined)
    return `the suppression is declared in code without an expiry and not listed in ${REVIEWED_SUPPRESSIONS_FILE}`;
  if (suppression.expires > addDays(today, MAX_IN_CODE_EXPIRY_DAYS))
    return (
      `the suppression is declared in code with an expiry more than ${MAX_IN_CODE_EXPIRY_DAYS} days away ` +
      `(${suppression.expires}); list it in ${REVIEWED_SUPPRESSIONS_FILE} instead`
    );
  return undefined;
}

/** Today in UTC as `YYYY-MM-DD` (expiry dates are compared as strings). */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return todayUtc(date);
}
