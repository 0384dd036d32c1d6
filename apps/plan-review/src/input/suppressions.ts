import type { InvalidSuppression, Suppression } from '../model/types';
import { isObject } from '../model/values';

/**
 * Reads the suppressions a construct declares next to its resource:
 * `resource.addOverride('//.review_suppress', [{ rule: 'CKV_AWS_117', reason: '...' }])`.
 * Terraform ignores `//` keys, so the convention costs nothing at plan or apply time.
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
    if (!rule) invalid.push({ entry, problem: 'names no rule (`rule` must be a rule id, checkov id or trivy id)' });
    else if (!reason) invalid.push({ entry, problem: `suppresses ${rule} without a reason` });
    else valid.push({ rule, reason });
  }
  return { valid, invalid };
}
