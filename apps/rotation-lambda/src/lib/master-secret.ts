import { CredentialsConfigurationError } from './errors';

/** The RDS-managed master secret: only `username` and `password` (host and port come from the bootstrap input). */
export interface MasterCredentials {
  readonly username: string;
  readonly password: string;
}

export function parseMasterSecret(secretString: string | undefined): MasterCredentials {
  if (secretString === undefined) {
    throw new CredentialsConfigurationError('The master secret has no AWSCURRENT value.');
  }
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(secretString) as Record<string, unknown>;
  } catch {
    throw new CredentialsConfigurationError('The master secret is not valid JSON.');
  }
  for (const key of ['username', 'password']) {
    if (typeof parsed?.[key] !== 'string' || parsed[key] === '') {
      throw new CredentialsConfigurationError(
        `The master secret JSON is missing the "${key}" key (a non-empty string).`,
      );
    }
  }
  return { username: parsed['username'] as string, password: parsed['password'] as string };
}
