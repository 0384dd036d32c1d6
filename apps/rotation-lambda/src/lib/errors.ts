/**
 * A rotation or bootstrap request that cannot succeed as configured (bad secret JSON, bad input, wrong stage).
 * Its message is a plain sentence and never contains a secret value.
 */
export class CredentialsConfigurationError extends Error {
  override readonly name = 'CredentialsConfigurationError';
}

/** A database statement or login failed for a reason other than a refused password; carries no SQL and no secret. */
export class DatabaseOperationError extends Error {
  override readonly name = 'DatabaseOperationError';

  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}
