import type { Resource, ReviewModel } from '../model/types';
import { flatten, isObject } from '../model/values';

export interface AttributeChange {
  readonly path: string;
  readonly before: string;
  readonly after: string;
}

export interface ResourceDiff {
  readonly added: readonly Resource[];
  readonly removed: readonly Resource[];
  readonly changed: readonly { readonly resource: Resource; readonly changes: readonly AttributeChange[] }[];
}

export const MASKED = '(masked)';
/** Attribute names whose values are secrets (or may be), whatever resource carries them. */
const SECRET_ATTRIBUTE = /password|secret_string|secret_binary|private_key|secret_key|access_key|token|credential/i;
const SHOWN_LENGTH = 80;

/** Resources added, removed and changed (with the leaf attribute paths that changed) from `base` to `current`. */
export function diffModels(base: ReviewModel, current: ReviewModel): ResourceDiff {
  const before = new Map(base.resources.map((resource) => [resource.address, resource]));
  const after = new Map(current.resources.map((resource) => [resource.address, resource]));
  return {
    added: current.resources.filter((resource) => !before.has(resource.address)),
    removed: base.resources.filter((resource) => !after.has(resource.address)),
    changed: current.resources.flatMap((resource) => {
      const previous = before.get(resource.address);
      const changes = previous ? attributeChanges(previous.values, resource.values) : [];
      return changes.length ? [{ resource, changes }] : [];
    }),
  };
}

function attributeChanges(before: Record<string, unknown>, after: Record<string, unknown>): AttributeChange[] {
  const old = flatten(withJsonExpanded(before));
  const updated = flatten(withJsonExpanded(after));
  const paths = [...new Set([...old.keys(), ...updated.keys()])].sort();
  return paths
    .filter((path) => JSON.stringify(old.get(path)) !== JSON.stringify(updated.get(path)))
    .map((path) => ({ path, before: shown(path, old.get(path)), after: shown(path, updated.get(path)) }));
}

/** JSON documents kept as strings (IAM and key policies) are compared statement by statement, not as one line. */
function withJsonExpanded(value: unknown): unknown {
  if (typeof value === 'string' && /^\s*[[{]/.test(value)) {
    try {
      return withJsonExpanded(JSON.parse(value.replace(/\$\{[^}]*\}/g, (reference) => reference.replace(/"/g, "'"))));
    } catch {
      return value;
    }
  }
  if (Array.isArray(value)) return value.map(withJsonExpanded);
  if (isObject(value))
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withJsonExpanded(item)]));
  return value;
}

function shown(path: string, value: unknown): string {
  if (value === undefined) return '(absent)';
  if (path.split('.').some((segment) => SECRET_ATTRIBUTE.test(segment))) return MASKED;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > SHOWN_LENGTH ? `${text.slice(0, SHOWN_LENGTH - 1)}…` : text;
}
