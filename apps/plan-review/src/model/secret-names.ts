import { flatten, isObject } from './values';

const SECRET_WORD =
  '(PASS|PASSWORD|PASSWD|PWD|PASSPHRASE|SECRET|TOKEN|CREDENTIALS?|APIKEY|API_KEY|PRIVATE_?KEY|ACCESS_?KEY|AUTH_?KEY|SIGNING_?KEY|SECRET_?STRING|SECRET_?BINARY)';
/** A secret word wherever it stands in a name (`DB_PASSWORD_V2`, `PasswordPrimary`). */
const SECRET_WORD_ANYWHERE = new RegExp(`(^|_)${SECRET_WORD}(_|$)`);
/** A secret word that ends a name (`master_password`, `auth_token`). */
const SECRET_WORD_LAST = new RegExp(`(^|_)${SECRET_WORD}$`);

/**
 * Last words of a name that points at a secret or configures one rather than holding it (`DB_SECRET_ARN`,
 * `PASSWORD_FILE`, `SECRET_CACHE_TTL_SECONDS`, `client_password_auth_type`, `password_wo_version`). A URL or host
 * may still carry a password (`scheme://user:pass@`): that is caught by the value, not the name.
 */
const POINTER_OR_SETTING =
  /_(ARNS?|IDS?|NAMES?|PATH|FILE|REF|URL|URI|HOST|PORT|ENDPOINT|REGION|VERSION|VERSION_ID|STAGE|TTL|SECONDS|MS|MINUTES|HOURS|DAYS|LENGTH|COUNT|TYPE|MODE|SCHEME|ENABLED|POLICY|ROTATION|STATUS)$/;

/**
 * Names (environment variables, JSON keys, attributes) that hold a secret themselves (`DB_PASSWORD`,
 * `DB_PASSWORD_V2`, `masterPassword`, `AUTH_TOKEN`), not pointers to one or settings about one.
 */
export function isSecretName(name: string): boolean {
  const words = wordsOf(name);
  return SECRET_WORD_ANYWHERE.test(words) && !POINTER_OR_SETTING.test(words);
}

/**
 * A provider attribute holds a secret when a secret word ends its name (`password`, `master_password`, `auth_token`,
 * `client_secret`); one inside it names a setting (`auth_token_update_strategy`, `access_token_validity`). Keys that
 * authors choose (variables, tags, JSON) are read with `isSecretName`.
 */
export function isSecretAttribute(name: string): boolean {
  return SECRET_WORD_LAST.test(wordsOf(name));
}

function wordsOf(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/_WO(?=_|$)/gi, '') // a write-only twin (`password_wo`) is named for the secret it carries
    .toUpperCase();
}

/** Inside `${…}`: a generated password, a secret's value, or any `.password`-like attribute. */
const SECRET_EXPRESSION = /\brandom_password\.|\.secret_string\b|\.secret_binary\b|\.\w*password\b/i;
/** Inside `${…}`: a Secrets Manager value, which copies the secret into whatever resource reads it. */
const SECRET_VALUE_EXPRESSION = /\.secret_string\b|\.secret_binary\b/i;

/** True when a `${…}` expression anywhere in the value reads a secret (a password or a secret's value). */
export function referencesSecret(value: unknown): boolean {
  return expressionsIn(value).some((expression) => SECRET_EXPRESSION.test(expression));
}

/** True when a `${…}` expression anywhere in the value reads a Secrets Manager secret_string / secret_binary. */
export function referencesSecretValue(value: unknown): boolean {
  return expressionsIn(value).some((expression) => SECRET_VALUE_EXPRESSION.test(expression));
}

/** An ARN literal, or nothing but a reference to an ARN attribute (`${aws_secretsmanager_secret.x.arn}`). */
export function isArnReference(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  return value.startsWith('arn:') || /^\$\{[^}]*\.(\w+_)?arn\}$/.test(value);
}

/**
 * The keys of a JSON document kept as a string, at any depth; for `${jsonencode({"key" = …})}` (not JSON until
 * Terraform evaluates it) the quoted or bare keys before `=` or `:`.
 */
export function documentKeys(document: unknown): string[] {
  if (typeof document !== 'string') return isObject(document) ? keysOf(document) : [];
  try {
    const parsed: unknown = JSON.parse(document);
    return isObject(parsed) || Array.isArray(parsed) ? keysOf(parsed) : [];
  } catch {
    return [...document.matchAll(/"?([A-Za-z_][\w-]*)"?\s*[=:][^=]/g)].map(([, key]) => key);
  }
}

function keysOf(value: unknown): string[] {
  return [...flatten(value).keys()].flatMap((path) => path.split('.')).filter((segment) => !/^\d+$/.test(segment));
}

function expressionsIn(value: unknown): string[] {
  const leaves = typeof value === 'string' ? [value] : [...flatten(value).values()];
  return leaves.flatMap((leaf) =>
    typeof leaf === 'string' ? [...leaf.matchAll(/\$\{([^}]*)\}/g)].map(([, e]) => e) : [],
  );
}
