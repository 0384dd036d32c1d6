import type { Resource, ReviewModel } from '../model/types';
import { isSecretName } from '../model/secret-names';
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
/** Attributes that hold secrets whatever they are called inside: an SSM value, a Lambda invocation's payloads. */
const SECRET_ATTRIBUTES_BY_TYPE: Record<string, readonly string[]> = {
  aws_ssm_parameter: ['value'],
  aws_lambda_invocation: ['input', 'result'],
};
const SHOWN_LENGTH = 80;

/**
 * Resources added, removed and changed (with the leaf attribute paths that changed) from `base` to `current`.
 * `marked` are further models of the same stack (the reviewed plan) whose sensitive markers also mask values.
 */
export function diffModels(base: ReviewModel, current: ReviewModel, marked: readonly ReviewModel[] = []): ResourceDiff {
  const before = new Map(base.resources.map((resource) => [resource.address, resource]));
  const after = new Map(current.resources.map((resource) => [resource.address, resource]));
  const sensitive = sensitivePathsByAddress([base, current, ...marked]);
  return {
    added: current.resources.filter((resource) => !before.has(resource.address)),
    removed: base.resources.filter((resource) => !after.has(resource.address)),
    changed: current.resources.flatMap((resource) => {
      const previous = before.get(resource.address);
      const isSecret = secretPathTest(resource.type, sensitive.get(resource.address) ?? []);
      const changes = previous ? attributeChanges(previous.values, resource.values, isSecret) : [];
      return changes.length ? [{ resource, changes }] : [];
    }),
  };
}

function attributeChanges(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  isSecret: (path: string) => boolean,
): AttributeChange[] {
  const old = flatten(withJsonExpanded(before));
  const updated = flatten(withJsonExpanded(after));
  const paths = [...new Set([...old.keys(), ...updated.keys()])].sort();
  const shown = (path: string, value: unknown) => (value !== undefined && isSecret(path) ? MASKED : shownValue(value));
  return paths
    .filter((path) => JSON.stringify(old.get(path)) !== JSON.stringify(updated.get(path)))
    .map((path) => ({ path, before: shown(path, old.get(path)), after: shown(path, updated.get(path)) }));
}

function sensitivePathsByAddress(models: readonly ReviewModel[]): Map<string, string[]> {
  const byAddress = new Map<string, string[]>();
  for (const resource of models.flatMap((model) => model.resources)) {
    if (resource.sensitivePaths)
      byAddress.set(resource.address, [...(byAddress.get(resource.address) ?? []), ...resource.sensitivePaths]);
  }
  return byAddress;
}

/**
 * A path is secret when a segment names a secret attribute (`password`) or the leaf is named like a secret
 * (`environment.variables.DB_PASS`; a block like `master_user_secret` holds only ARNs and ids), when it lies
 * under an attribute secret for its type, or under a path the plan marks sensitive. List indexes are ignored, so the
 * plan's `environment.0.variables` also covers the synth's `environment.variables`.
 */
function secretPathTest(type: string, sensitivePaths: readonly string[]): (path: string) => boolean {
  const segments = (path: string) => path.split('.').filter((segment) => segment && !/^\d+$/.test(segment));
  const secretPrefixes = [...(SECRET_ATTRIBUTES_BY_TYPE[type] ?? []), ...sensitivePaths].map(segments);
  return (path) => {
    const parts = segments(path);
    return (
      parts.some((segment) => SECRET_ATTRIBUTE.test(segment)) ||
      isSecretName(parts[parts.length - 1] ?? '') ||
      secretPrefixes.some((prefix) => prefix.every((segment, index) => parts[index] === segment))
    );
  };
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

function shownValue(value: unknown): string {
  if (value === undefined) return '(absent)';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > SHOWN_LENGTH ? `${text.slice(0, SHOWN_LENGTH - 1)}…` : text;
}
