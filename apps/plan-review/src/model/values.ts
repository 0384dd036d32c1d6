/**
 * Reads attribute values the same way whether they came from a plan (blocks are lists: `vpc_config[0]`) or a synth
 * (single blocks are objects: `vpc_config`), and follows `${type.name.attr}` references to resource addresses.
 */

/** Reads a dotted path. A list met where a key is expected stands for its first element (a single nested block). */
export function valueAt(values: unknown, path: string): unknown {
  let current: unknown = values;
  for (const segment of path.split('.')) {
    if (current === null || current === undefined) return undefined;
    if (Array.isArray(current)) {
      current = /^\d+$/.test(segment) ? current[Number(segment)] : firstObject(current)?.[segment];
    } else if (typeof current === 'object') {
      // `vpc_config.0.x` on a synth, where the single block is an object rather than a list of one.
      current = segment === '0' && !(segment in current) ? current : (current as Record<string, unknown>)[segment];
    } else {
      return undefined;
    }
  }
  return current;
}

function firstObject(list: unknown[]): Record<string, unknown> | undefined {
  const first = list[0];
  return first && typeof first === 'object' ? (first as Record<string, unknown>) : undefined;
}

/** A block that may be a list of objects (plan) or one object or a list (synth). */
export function blocksAt(values: unknown, path: string): Record<string, unknown>[] {
  const value = valueAt(values, path);
  if (Array.isArray(value)) return value.filter((item): item is Record<string, unknown> => isObject(item));
  return isObject(value) ? [value] : [];
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value counts as set when it is not null, undefined, an empty string or an empty list. */
export function isSet(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return false;
  return !(Array.isArray(value) && value.length === 0);
}

export function asList(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

const INTERPOLATION = /\$\{([^}]*)\}/g;
const RESOURCE_REFERENCE = /(?:^|[^.\w-])((?:aws|random|null|terraform|time|archive)_[a-z0-9_]+)\.([A-Za-z0-9_-]+)/g;

/** Resource addresses (`type.name`) referenced anywhere inside a value, in order of appearance, without duplicates. */
export function referencesIn(value: unknown): string[] {
  const found = new Set<string>();
  const visit = (item: unknown): void => {
    if (typeof item === 'string') {
      for (const [, expression] of item.matchAll(INTERPOLATION)) {
        for (const [, type, name] of expression.matchAll(RESOURCE_REFERENCE)) found.add(`${type}.${name}`);
      }
    } else if (Array.isArray(item)) {
      item.forEach(visit);
    } else if (isObject(item)) {
      Object.values(item).forEach(visit);
    }
  };
  visit(value);
  return [...found];
}

/** True when the value is produced by Terraform (a reference or function), not a literal in the code. */
export function isExpression(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

/** Every leaf of a value as `path -> value`, lists indexed (`auth.0.secret_arn`), the CDKTF `//` key skipped. */
export function flatten(value: unknown, prefix = ''): Map<string, unknown> {
  const leaves = new Map<string, unknown>();
  const visit = (item: unknown, path: string): void => {
    if (Array.isArray(item)) {
      if (item.length === 0) leaves.set(path, []);
      item.forEach((element, index) => visit(element, path ? `${path}.${index}` : String(index)));
    } else if (isObject(item)) {
      const keys = Object.keys(item).filter((key) => key !== '//');
      if (keys.length === 0) leaves.set(path, {});
      for (const key of keys) visit(item[key], path ? `${path}.${key}` : key);
    } else {
      leaves.set(path, item);
    }
  };
  visit(value, prefix);
  return leaves;
}

/** A boolean attribute as Terraform will read it; `unknown` when only apply can tell. */
export type BooleanReading = true | false | 'unknown' | 'unset';

const LITERAL_BOOLEAN = /^\$\{\s*(true|false)\s*\}$/;

/**
 * Reads a boolean attribute the way Terraform converts it: `true`/`false`, the strings `"true"`/`"false"` and
 * `"1"`/`"0"` (Terraform converts them to bool), and the literal expressions `${true}`/`${false}`. Any other
 * expression (`${var.public}`, `${1 == 1}`) is `unknown`: the review cannot tell at plan time, so a check that guards
 * something critical must fail on it. A value Terraform would refuse (`"yes"`, `1`) is `unknown` too.
 */
export function readBoolean(value: unknown): BooleanReading {
  if (value === null || value === undefined) return 'unset';
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return 'unknown';
  const literal = LITERAL_BOOLEAN.exec(value)?.[1] ?? value;
  if (literal === 'true' || literal === '1') return true;
  if (literal === 'false' || literal === '0') return false;
  return 'unknown';
}

/** `debug_logging=true`, `debug_logging="${var.debug}" (known only at apply)`: a boolean attribute for a message. */
export function describeBoolean(attribute: string, value: unknown): string {
  const reading = readBoolean(value);
  if (reading === 'unset') return `${attribute} unset`;
  if (reading === 'unknown') {
    return isExpression(value)
      ? `${attribute} set by an expression the review cannot tell at plan time`
      : `${attribute} set to a value Terraform does not read as a bool`;
  }
  return `${attribute}=${String(reading)}`;
}
