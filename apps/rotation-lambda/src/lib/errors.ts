import { DATABASE_DID_NOT_ANSWER_CODES } from '@rds-platform/db-client';

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
    /**
     * The database did not answer (refused or timed-out connection, lost connection, server shutting down or full:
     * db-client's DATABASE_DID_NOT_ANSWER_CODES), as opposed to answering with an error.
     */
    readonly unreachable: boolean = DATABASE_DID_NOT_ANSWER_CODES.has(code ?? ''),
  ) {
    super(message);
  }
}

/** Whether `error` says the database could not be reached: not a refusal, not an answer. */
export function isDatabaseUnreachable(error: unknown): boolean {
  return error instanceof DatabaseOperationError && error.unreachable;
}
