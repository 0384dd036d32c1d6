import { DbConfigError } from './errors';

/**
 * The JSON of an RDS MySQL secret, the shape AWS's rotation templates use (seed 003). The parser validates and
 * returns the object as stored: unknown keys are kept, so a rotation can copy a version with only the password changed.
 */
export interface DatabaseSecret {
  readonly engine?: string;
  readonly host?: string;
  /** A number or a numeric string (as the Python templates accept); read it with `databaseSecretPort`. */
  readonly port?: number | string;
  readonly username: string;
  readonly password: string;
  readonly dbname?: string;
  readonly [extraKey: string]: unknown;
}

export interface ParseDatabaseSecretOptions {
  /** Starts every error message and says which secret (and version) it is, e.g. `Secret app-db (AWSPENDING)`. */
  readonly label: string;
  /** The rotation Lambda only rotates MySQL secrets; the API reads any secret with a login in it. */
  readonly requireEngine?: 'mysql';
  /** The rotation Lambda logs in to the instance the secret names; the API may get its host from DB_HOST. */
  readonly requireHost?: boolean;
}

/** A secret string that cannot be used. The message names the offending key, never a value. */
export class DatabaseSecretError extends DbConfigError {
  override readonly name: string = 'DatabaseSecretError';
  constructor(message: string) {
    super(message);
  }
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** The secret's port as a number, or undefined when it names none (callers pick their default). */
export function databaseSecretPort(secret: DatabaseSecret): number | undefined {
  return isAbsent(secret.port) ? undefined : Number(secret.port);
}

/** Parses and validates a secret string: one set of rules for the API's credentials and the rotation Lambda. */
export function parseDatabaseSecret(secretString: unknown, options: ParseDatabaseSecretOptions): DatabaseSecret {
  const { label } = options;
  const invalid = (what: string) => new DatabaseSecretError(`${label} ${what}.`);
  if (typeof secretString !== 'string') throw invalid('has no SecretString');
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    throw invalid('is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid('must be a JSON object');
  const candidate = parsed as Record<string, unknown>;
  if (options.requireEngine && candidate['engine'] !== options.requireEngine) {
    throw invalid(`has the wrong engine: its "engine" key must be "${options.requireEngine}"`);
  }
  const required = options.requireHost ? ['host', 'username', 'password'] : ['username', 'password'];
  for (const key of required) {
    if (typeof candidate[key] !== 'string' || candidate[key] === '') {
      throw invalid(`JSON is missing the "${key}" key (a non-empty string)`);
    }
  }
  for (const key of ['host', 'dbname']) {
    if (!isAbsent(candidate[key]) && typeof candidate[key] !== 'string')
      throw invalid(`has a "${key}" key that is not a string`);
  }
  const rawPort = candidate['port'];
  const port = isAbsent(rawPort)
    ? undefined
    : typeof rawPort === 'number' || typeof rawPort === 'string'
      ? Number(rawPort)
      : NaN;
  if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65_535)) {
    throw invalid('has a "port" key that is not an integer from 1 to 65535');
  }
  return candidate as DatabaseSecret;
}
