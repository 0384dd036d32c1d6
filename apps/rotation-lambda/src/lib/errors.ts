/**
 * A rotation or bootstrap request that cannot succeed as configured (bad secret JSON, bad input, wrong stage).
 * Its message is a plain sentence and never contains a secret value.
 */
export class CredentialsConfigurationError extends Error {
  override readonly name = 'CredentialsConfigurationError';
}

/**
 * Codes of a database that did not answer (refused or timed-out connection, lost connection, server shutting down or
 * full): a retry may succeed, and nothing can be concluded about the password it holds. The codes behind db-client's
 * `DbUnavailableError` (libs/db-client/src/lib/driver-errors.ts), for errors that do not come as one; a
 * `DbUnavailableError` counts whatever its code (database-session.ts).
 */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_TOO_MANY_USER_CONNECTIONS',
  'PROTOCOL_CONNECTION_LOST',
  'ECONNRESET',
  'EPIPE',
  'ER_CONNECTION_KILLED',
  'CLOSED',
]);

/** A database statement or login failed for a reason other than a refused password; carries no SQL and no secret. */
export class DatabaseOperationError extends Error {
  override readonly name = 'DatabaseOperationError';

  constructor(
    message: string,
    readonly code?: string,
    /** The database did not answer (see UNREACHABLE_CODES), as opposed to answering with an error. */
    readonly unreachable: boolean = UNREACHABLE_CODES.has(code ?? ''),
  ) {
    super(message);
  }
}

/** Whether `error` says the database could not be reached: not a refusal, not an answer. */
export function isDatabaseUnreachable(error: unknown): boolean {
  return error instanceof DatabaseOperationError && error.unreachable;
}
