import { CredentialsConfigurationError } from './errors';

/** What Terraform passes to the bootstrap invocation. Only identifiers and ARNs: no secret value. */
export interface BootstrapInput {
  /** The app schema (database) to create; `dbname` is accepted as an alias. */
  readonly schema: string;
  /** The app user: DML only on the schema. */
  readonly username: string;
  /** The app secret that gets the user's first version ({engine, host, port, username, password, dbname}). */
  readonly appSecretArn: string;
  /** The RDS-managed master secret ({username, password} only). */
  readonly masterSecretArn: string;
  /** The DB instance endpoint (not the proxy). */
  readonly host: string;
  readonly port: number;
}

// MySQL identifiers we are willing to splice into DDL: letters, digits and underscores, within MySQL's limits.
const SCHEMA_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const USERNAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,31}$/;

function requireString(input: Record<string, unknown>, key: string): string {
  const value = input[key];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new CredentialsConfigurationError(`The bootstrap input is missing "${key}" (a non-empty string).`);
  }
  return value;
}

/** Validates the bootstrap event; each error names the key at fault. */
export function parseBootstrapInput(event: unknown): BootstrapInput {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new CredentialsConfigurationError('The bootstrap input must be a JSON object.');
  }
  const input = event as Record<string, unknown>;
  const schema = requireString(
    input,
    input['schema'] === undefined && input['dbname'] !== undefined ? 'dbname' : 'schema',
  );
  if (!SCHEMA_PATTERN.test(schema)) {
    throw new CredentialsConfigurationError(
      'The bootstrap input "schema" must be 1-64 letters, digits or underscores, not starting with a digit.',
    );
  }
  const username = requireString(input, 'username');
  if (!USERNAME_PATTERN.test(username)) {
    throw new CredentialsConfigurationError(
      'The bootstrap input "username" must be 1-32 letters, digits or underscores, not starting with a digit.',
    );
  }
  const port = Number(input['port']);
  if (input['port'] === undefined || input['port'] === '' || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new CredentialsConfigurationError('The bootstrap input "port" must be an integer from 1 to 65535.');
  }
  return {
    schema,
    username,
    appSecretArn: requireString(input, 'appSecretArn'),
    masterSecretArn: requireString(input, 'masterSecretArn'),
    host: requireString(input, 'host'),
    port,
  };
}
