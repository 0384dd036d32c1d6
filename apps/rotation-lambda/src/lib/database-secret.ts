import { CredentialsConfigurationError } from './errors';

/** The JSON of an RDS MySQL secret, the shape AWS's rotation templates use (seed 003). */
export interface DatabaseSecret {
  readonly engine: 'mysql';
  readonly host: string;
  readonly port?: number;
  readonly username: string;
  readonly password: string;
  readonly dbname?: string;
  /** Keys we do not know are kept as they are when a version is copied. */
  readonly [extraKey: string]: unknown;
}

export const DEFAULT_MYSQL_PORT = 3306;

const REQUIRED_STRING_KEYS = ['host', 'username', 'password'] as const;

/**
 * Parses and validates a secret string. The error names the offending key and never echoes the value.
 * `label` says which version is being read (e.g. "AWSPENDING") so the message points at the right one.
 */
export function parseDatabaseSecret(secretString: string | undefined, label: string): DatabaseSecret {
  if (secretString === undefined) {
    throw new CredentialsConfigurationError(`The ${label} secret version has no SecretString.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    throw new CredentialsConfigurationError(`The ${label} secret version is not valid JSON.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CredentialsConfigurationError(`The ${label} secret version must be a JSON object.`);
  }
  const candidate = parsed as Record<string, unknown>;
  if (candidate['engine'] !== 'mysql') {
    throw new CredentialsConfigurationError(
      `The ${label} secret's "engine" key must be "mysql" for this rotation Lambda.`,
    );
  }
  for (const key of REQUIRED_STRING_KEYS) {
    if (typeof candidate[key] !== 'string' || candidate[key] === '') {
      throw new CredentialsConfigurationError(`The ${label} secret JSON is missing the "${key}" key (a non-empty string).`);
    }
  }
  if (candidate['port'] !== undefined) {
    const port = Number(candidate['port']);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new CredentialsConfigurationError(`The ${label} secret's "port" key must be an integer from 1 to 65535.`);
    }
  }
  if (candidate['dbname'] !== undefined && typeof candidate['dbname'] !== 'string') {
    throw new CredentialsConfigurationError(`The ${label} secret's "dbname" key must be a string.`);
  }
  return candidate as DatabaseSecret;
}

/** The port a secret points at: its `port` key (a number or numeric string) or MySQL's default. */
export function secretPort(secret: DatabaseSecret): number {
  return secret.port === undefined ? DEFAULT_MYSQL_PORT : Number(secret.port);
}
