import type { InvalidSuppression, Suppression } from '../model/types';
import { isObject } from '../model/values';

/**
 * Reads the suppressions a construct declares next to its resource:
 * `resource.addOverride('//.review_suppress', [{ rule: 'CKV_AWS_117', reason: '...', expires: '2027-03-31' }])`.
 * Terraform ignores `//` keys, so the convention costs nothing at plan or apply time. Declared in code, a suppression
 * counts only with an expiry or when `review-suppressions.json` lists it too (review.ts decides).
 */
export function readSuppressions(comment: unknown): { valid: Suppression[]; invalid: InvalidSuppression[] } {
  const declared = isObject(comment) ? comment['review_suppress'] : undefined;
  const valid: Suppression[] = [];
  const invalid: InvalidSuppression[] = [];
  if (declared === undefined) return { valid, invalid };
  const entries = Array.isArray(declared) ? declared : [declared];
  for (const entry of entries) {
    const rule = isObject(entry) && typeof entry['rule'] === 'string' ? entry['rule'].trim() : '';
    const reason = isObject(entry) && typeof entry['reason'] === 'string' ? entry['reason'].trim() : '';
    const expires = isObject(entry) ? entry['expires'] : undefined;
    if (!rule) invalid.push({ entry, problem: 'names no rule (`rule` must be a rule id, checkov id or trivy id)' });
    else if (!reason) invalid.push({ entry, problem: `suppresses ${rule} without a reason` });
    else if (expires !== undefined && !isCalendarDate(expires))
      invalid.push({ entry, problem: `suppresses ${rule} with an expiry that is not a YYYY-MM-DD date` });
    else valid.push(expires === undefined ? { rule, reason } : { rule, reason, expires });
  }
  return { valid, invalid };
}

/** `2027-03-31`, and a day that exists (not `2027-02-30`). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}
