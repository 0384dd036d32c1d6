import { existsSync } from 'node:fs';
import type { ReviewedSuppression } from '../model/types';
import { isObject } from '../model/values';
import { InputError } from './input-error';
import { readJsonFile } from './read-json';
import { isCalendarDate } from './suppressions';

/** The reviewed suppression file at the repository root; `.github/CODEOWNERS` puts it under the owners' review. */
export const REVIEWED_SUPPRESSIONS_FILE = 'review-suppressions.json';

const KEYS = ['rule', 'resource', 'stack', 'reason', 'expires'];

/**
 * Reads `review-suppressions.json`: `{ "suppressions": [{ "rule", "resource", "stack"?, "reason", "expires"? }] }`.
 * A missing file at the default place means none; any malformed entry makes the whole file unusable input (exit 2),
 * so a typo can never quietly waive or un-waive a rule.
 */
export function readReviewedSuppressions(path: string, required: boolean): ReviewedSuppression[] {
  if (!required && !existsSync(path)) return [];
  return parseReviewedSuppressions(readJsonFile(path, 'Suppression file'), path);
}

export function parseReviewedSuppressions(json: unknown, source: string): ReviewedSuppression[] {
  const entries = isObject(json) ? json['suppressions'] : undefined;
  if (!Array.isArray(entries)) throw new InputError(`${source}: expected { "suppressions": [ ... ] }.`);
  return entries.map((entry, index) => parseEntry(entry, `${source}: suppressions[${index}]`));
}

function parseEntry(entry: unknown, where: string): ReviewedSuppression {
  if (!isObject(entry)) throw new InputError(`${where} is not an object.`);
  const unknown = Object.keys(entry).filter((key) => !KEYS.includes(key));
  if (unknown.length)
    throw new InputError(`${where} has unknown keys ${unknown.join(', ')} (allowed: ${KEYS.join(', ')}).`);
  const text = (key: string, optional = false) => {
    const value = entry[key];
    if (value === undefined && optional) return undefined;
    if (typeof value !== 'string' || !value.trim())
      throw new InputError(`${where} needs "${key}" (a non-empty string).`);
    return value.trim();
  };
  const expires = entry['expires'];
  if (expires !== undefined && !isCalendarDate(expires))
    throw new InputError(`${where}: "expires" must be a YYYY-MM-DD date, got ${JSON.stringify(expires)}.`);
  const stack = text('stack', true);
  return {
    rule: text('rule') as string,
    resource: text('resource') as string,
    reason: text('reason') as string,
    ...(stack === undefined ? {} : { stack }),
    ...(expires === undefined ? {} : { expires }),
  };
}
