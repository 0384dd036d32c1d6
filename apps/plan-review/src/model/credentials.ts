import { isArnReference, isSecretAttribute, isSecretName } from './secret-names';
import type { ConfigurationBlock, ReviewModel } from './types';
import { flatten, isExpression, isObject } from './values';

/**
 * Credentials recognised by their format, wherever they appear (a tag, user data, a stage variable, a URL). Each
 * pattern is the published shape of the credential; the names are what a reviewer reads, never the value.
 */
const CREDENTIAL_FORMATS: readonly (readonly [string, RegExp | ((text: string) => boolean)])[] = [
  // RFC 3986 userinfo: `mysql://admin:secret@host`; a bare `user@host` carries no password.
  ['a password inside a URL', /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]+@/i],
  // A DSN without a scheme: Go's MySQL driver `admin:secret@tcp(db:3306)/app`, or `admin:secret@db:3306/app`.
  ['a password inside a DSN', /(?:^|[\s"'=,;])[\w.%+-]+:[^\s/@:"']+@(?:(?:tcp|tcp6|udp|unix)\(|[\w.-]+(?::\d+)?\/)/],
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
  ['an AWS access key id', /\b(AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/],
  ['an AWS secret access key', /secret_?access_?key["'\s:=]{1,5}[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/i],
  ['a private key', /-----BEGIN [A-Z ]*PRIVATE KEY( BLOCK)?-----/],
  // https://github.blog/changelog/2021-03-31-authentication-token-format-updates-are-generally-available/
  ['a GitHub token', /\b(gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,})\b/],
  ['a Slack token', /\bxox[abprs]-[A-Za-z0-9-]{10,}/],
  // RFC 7617: `Basic base64(user:password)`; only text that decodes to `user:password` counts (not "Basic setup").
  ['an HTTP Basic credential', hasBasicCredential],
  // RFC 6750: `Bearer <token>`, a token with letters and digits (not "Bearer ${var.token}" or prose).
  [
    'an HTTP Bearer token',
    /\bBearer\s+(?=[A-Za-z0-9\-._~+/]*\d)(?=[A-Za-z0-9\-._~+/]*[A-Za-z])[A-Za-z0-9\-._~+/]{20,}=*/,
  ],
];

function hasBasicCredential(text: string): boolean {
  return [...text.matchAll(/\bBasic\s+([A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])/g)].some(([, encoded]) =>
    /^[^\s:]+:\S+$/.test(Buffer.from(encoded, 'base64').toString('latin1')),
  );
}

/** An AWS secret access key under its own attribute name (a provider's `secret_key`): 40 characters of base64. */
const SECRET_KEY_NAME = /^(aws_)?secret(_access)?_key$/i;
const SECRET_KEY_VALUE = /^[A-Za-z0-9/+]{40}$/;

/** Attributes whose keys the author chooses (`DB_PASSWORD_V2` in an environment); other names come from the schema. */
const AUTHOR_KEYED = new Set(['tags', 'tags_all', 'variables', 'stage_variables', 'parameters', 'metadata', 'labels']);

/** What kind of credential a text contains, if any. */
export function credentialFormatIn(text: string): string | undefined {
  return CREDENTIAL_FORMATS.find(([, pattern]) =>
    typeof pattern === 'function' ? pattern(text) : pattern.test(text),
  )?.[0];
}

/** One credential found in a resource's attributes: where, and what kind (never the value). */
export interface CredentialLeak {
  readonly path: string;
  readonly kind: string;
}

/** How to read an attribute map. */
export interface CredentialScope {
  /**
   * The values are the configuration as written (a synth, or a plan's `configuration` section), where a literal is
   * the author's; computed values (ids, AWS defaults) are checked for formats only.
   */
  readonly written: boolean;
  /** Declared input variables; a non-ephemeral one's value is kept in the plan's `variables` and in the state. */
  readonly variables?: ReviewModel['variables'];
  /** Every key is the author's choice (inside a JSON document). */
  readonly keyedByAuthor?: boolean;
  /** `local.x` and `var.x` whose value as written is a literal (a local, a variable's default): see literalSourcesOf. */
  readonly literalSources?: ReadonlySet<string>;
}

/**
 * Locals and variable defaults written as literals: a write-only or secret attribute set from one
 * (`password_wo = local.seed`, `local.seed = "…"`) carries a literal of the configuration like one written in place.
 */
export function literalSourcesOf(blocks: readonly ConfigurationBlock[] | undefined): Set<string> {
  const sources = new Set<string>();
  for (const block of blocks ?? []) {
    if (block.kind === 'locals') {
      for (const [name, value] of Object.entries(block.values)) if (isLiteral(value)) sources.add(`local.${name}`);
    } else if (block.kind === 'variable' && isLiteral(block.values['default'])) {
      sources.add(`var.${block.address.slice('variable.'.length)}`);
    }
  }
  return sources;
}

/**
 * Credentials in an attribute map: known formats in any string (also inside JSON kept as a string), literals where
 * only a reference belongs, and secrets taken from a variable whose value the plan keeps.
 */
export function credentialsIn(values: Record<string, unknown>, scope: CredentialScope): CredentialLeak[] {
  const leaks: CredentialLeak[] = [];
  for (const [path, value] of flatten(values)) {
    const names = path.split('.').filter((segment) => !/^\d+$/.test(segment));
    const name = names[names.length - 1] ?? path;
    const authored = scope.keyedByAuthor || names.slice(0, -1).some((parent) => AUTHOR_KEYED.has(parent));
    // A write-only attribute, or a leaf inside one (an object- or list-typed `*_wo` value).
    const writeOnly = names.some((segment) => /_wo$/i.test(segment));
    if (typeof value === 'string') {
      const kind =
        credentialFormatIn(value) ??
        (SECRET_KEY_NAME.test(name) && SECRET_KEY_VALUE.test(value) ? 'an AWS secret access key' : undefined);
      if (kind) leaks.push({ path, kind });
      else leaks.push(...jsonLeaks(path, value, scope), ...expressionLeaks(path, value, scope));
    }
    if (!scope.written || !(writeOnly || (authored ? isSecretName(name) : isSecretAttribute(name)))) continue;
    const kept = keptVariables(value, scope.variables);
    const literalFrom = literalSourcesIn(value, scope.literalSources);
    if (literalFrom.length) {
      leaks.push({ path, kind: `a literal from ${literalFrom.join(', ')}, written in the configuration` });
    } else if (isLiteral(value) && (writeOnly || (typeof value === 'string' && !isArnReference(value)))) {
      leaks.push({
        path,
        kind: writeOnly
          ? "a literal write-only value, kept in the plan's configuration"
          : 'a literal under a secret name',
      });
    } else if (kept.length) {
      leaks.push({ path, kind: `a secret from ${kept.join(', ')}, whose value the plan keeps (make it ephemeral)` });
    }
  }
  return dedupe(leaks);
}

/** `local.x` / `var.x` references in a value to literals of the configuration. */
function literalSourcesIn(value: unknown, sources: ReadonlySet<string> | undefined): string[] {
  if (typeof value !== 'string' || !sources?.size) return [];
  const referenced = [...value.matchAll(/\$\{[^}]*\}/g)].flatMap(([expression]) =>
    [...expression.matchAll(/\b(?:local|var)\.[A-Za-z_][\w-]*/g)].map(([reference]) => reference),
  );
  return [...new Set(referenced)].filter((reference) => sources.has(reference));
}

/** `var.x` references in a value to variables declared without `ephemeral = true`. */
function keptVariables(value: unknown, variables: CredentialScope['variables']): string[] {
  if (typeof value !== 'string' || !variables) return [];
  const referenced = [...value.matchAll(/\$\{[^}]*\}/g)].flatMap(([expression]) =>
    [...expression.matchAll(/\bvar\.([A-Za-z_][\w-]*)/g)].map(([, name]) => name),
  );
  return [...new Set(referenced)].filter((name) => variables[name]?.ephemeral === false).map((name) => `var.${name}`);
}

/** A JSON document kept as a string (a policy, an invocation input, container definitions) read as attributes. */
function jsonLeaks(path: string, text: string, scope: CredentialScope): CredentialLeak[] {
  if (!/^\s*[[{]/.test(text)) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  const named = namedValues(parsed);
  return credentialsIn(isObject(named) ? named : { value: named }, { ...scope, keyedByAuthor: true }).map((leak) => ({
    path: `${path} (JSON ${leak.path})`,
    kind: leak.kind,
  }));
}

/** `[{"name": "DB_PASSWORD", "value": "x"}]` (ECS environments, parameters) reads as `{"DB_PASSWORD": "x"}`. */
function namedValues(value: unknown): unknown {
  if (Array.isArray(value)) {
    const pairs = value.filter(isObject).filter((item) => typeof item['name'] === 'string' && 'value' in item);
    const rest = value.filter((item) => !pairs.includes(item as Record<string, unknown>)).map(namedValues);
    return { ...Object.fromEntries(pairs.map((pair) => [String(pair['name']), pair['value']])), ...rest };
  }
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, namedValues(item)]));
  return value;
}

/**
 * A literal: a constant, or a template whose `${…}` expressions reference nothing (`${"pw"}`, `${jsonencode({…})}`),
 * which Terraform evaluates to a constant and a plan keeps as written in its `configuration` (`constant_value`).
 */
function isLiteral(value: unknown): boolean {
  if (value === null || value === undefined || value === '' || typeof value === 'boolean') return false;
  if (typeof value === 'number') return true;
  return typeof value === 'string' && (!isExpression(value) || !referencesAnything(value));
}

/** Strings inside an expression, blanked out so their text is not read as references. */
const STRING_LITERAL = /"(?:[^"\\]|\\.)*"/g;
/** A reference: a variable, local, ephemeral value, data source, module output, `each`/`count`/`self`, or a resource. */
const REFERENCE =
  /(?:^|[^\w.])(?:(?:var|local|ephemeral|data|module|each|count|self|path|terraform)\.[A-Za-z_]|[a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z_][\w-]*)/;

/** True when some `${…}` expression in the text names a variable, local, ephemeral value, data source or resource. */
function referencesAnything(text: string): boolean {
  return [...text.matchAll(/\$\{([\s\S]*)\}/g)].some(([, expression]) =>
    REFERENCE.test(expression.replace(STRING_LITERAL, '""')),
  );
}

/** `${jsonencode({password = "pw"})}`: a string literal under a secret-named key inside an expression. */
function expressionLeaks(path: string, text: string, scope: CredentialScope): CredentialLeak[] {
  if (!scope.written || !isExpression(text)) return [];
  const keys = [...text.matchAll(/["']?([A-Za-z_][\w-]*)["']?\s*[=:]\s*"([^"$]+)"/g)]
    .filter(([, key]) => isSecretName(key))
    .map(([, key]) => key);
  return keys.length ? [{ path, kind: `a literal under ${[...new Set(keys)].join(', ')} inside an expression` }] : [];
}

function dedupe(leaks: CredentialLeak[]): CredentialLeak[] {
  const seen = new Set<string>();
  return leaks.filter((leak) => !seen.has(leak.path) && seen.add(leak.path));
}
