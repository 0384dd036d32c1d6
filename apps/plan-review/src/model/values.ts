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
/**
 * `type.name`, with the instance key when it is a literal (`[0]`, `["a"]`): Terraform's references to one instance of
 * a resource with `count` or `for_each` (https://developer.hashicorp.com/terraform/language/meta-arguments/count#referring-to-instances,
 * https://developer.hashicorp.com/terraform/language/meta-arguments/for_each#referring-to-instances).
 */
const RESOURCE = String.raw`(?:^|[^.\w-])((?:aws|random|null|terraform|time|archive)_[a-z0-9_]+)\.([A-Za-z0-9_-]+)`;
const LITERAL_KEY = String.raw`\[\s*(\d+|"(?:[^"\\]|\\.)*")\s*\]`;
const RESOURCE_REFERENCE = new RegExp(`${RESOURCE}(?:${LITERAL_KEY})?`, 'g');

/**
 * The resources a value refers to, in order of appearance, without duplicates: `aws_vpc.v[0]` or `aws_s3_bucket.b["a"]`
 * for one instance named by a literal key, `aws_vpc.v` for the resource itself or an instance whose key is known only
 * at apply (`aws_s3_bucket.b[each.key]`, `aws_vpc.v[count.index]`; a plan records those as the resource, too).
 */
export function resourceReferencesIn(value: unknown): string[] {
  const found = new Set<string>();
  const visit = (item: unknown): void => {
    if (typeof item === 'string') {
      for (const [, expression] of item.matchAll(INTERPOLATION)) {
        for (const [, type, name, key] of expression.matchAll(RESOURCE_REFERENCE)) {
          found.add(key === undefined ? `${type}.${name}` : `${type}.${name}[${key}]`);
        }
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

/** Resource addresses (`type.name`) referenced anywhere inside a value, in order of appearance, without duplicates. */
export function referencesIn(value: unknown): string[] {
  return [...new Set(resourceReferencesIn(value).map(baseAddress))];
}

/** `aws_vpc.v[0]` and `aws_s3_bucket.b["a"]` are instances of `aws_vpc.v` and `aws_s3_bucket.b`. */
export function baseAddress(address: string): string {
  return address.replace(/\[[^\]]*\]$/, '');
}

/**
 * Whether a reference (from `resourceReferencesIn`) names the resource at `address`. A plan lists each instance
 * (`aws_vpc.v[0]`, `aws_s3_bucket.b["a"]`); a synth, like the configuration, lists the resource once (`aws_vpc.v`).
 * So `aws_vpc.v[0]` names the plan's `aws_vpc.v[0]` (not `[1]`) and the synth's `aws_vpc.v`, and a reference without
 * a literal key (`aws_vpc.v`, or `aws_vpc.v[count.index]` as read) names every instance.
 */
export function refersTo(reference: string, address: string): boolean {
  if (reference === address) return true;
  const resource = baseAddress(address);
  if (reference === resource) return true;
  return address === resource && baseAddress(reference) === resource;
}

/** A resource reference followed by the attribute it reads: `aws_vpc.v[0].default_security_group_id`. */
const ATTRIBUTE_REFERENCE = new RegExp(`${RESOURCE}(?:${LITERAL_KEY}|\\[[^\\]]*\\])?\\.([a-z0-9_]+)`, 'g');

/** True when a value reads `attribute` of the resource at `address` (`${aws_vpc.v.default_security_group_id}`). */
export function referencesAttribute(value: unknown, address: string, attribute: string): boolean {
  return asList(value).some(
    (item) =>
      typeof item === 'string' &&
      [...item.matchAll(INTERPOLATION)].some(([, expression]) =>
        [...expression.matchAll(ATTRIBUTE_REFERENCE)].some(
          ([, type, name, key, read]) =>
            read === attribute && refersTo(key === undefined ? `${type}.${name}` : `${type}.${name}[${key}]`, address),
        ),
      ),
  );
}

/** True when a value refers to the resource at `address` anywhere inside it (see `refersTo`). */
export function referencesResource(value: unknown, address: string): boolean {
  return resourceReferencesIn(value).some((reference) => refersTo(reference, address));
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
