/**
 * Base class of every error the db-client throws. Messages are written by us from safe parts (codes, variable
 * names, host names): never a password, token, secret string or SQL parameter.
 */
export abstract class DbError extends Error {
  // Every class spells its name out: bundles are minified, and `new.target.name` would log "Nn" for DbAuthError.
  override readonly name: string = 'DbError';
  /** The driver or AWS error code behind this error, when there is one (e.g. `ECONNREFUSED`, `ER_DUP_ENTRY`). */
  readonly code?: string;

  protected constructor(message: string, code?: string) {
    super(message);
    this.code = code;
  }
}

/**
 * The database, the proxy or Secrets Manager could not be reached in time, or the database is read-only for now (a
 * write refused with error 1290 during a blue/green switchover: driver-errors.ts, isReadOnlyRefusal). Callers answer
 * 503 and retry later.
 */
export class DbUnavailableError extends DbError {
  override readonly name: string = 'DbUnavailableError';
  constructor(message: string, code?: string) {
    super(message, code);
  }
}

/**
 * The database refused the credentials, even after fetching fresh ones, or Secrets Manager denied access. Usually
 * passing (a rotation in flight, an IAM change propagating), so callers answer 503 and retry later.
 */
export class DbAuthError extends DbError {
  override readonly name: string = 'DbAuthError';
  /** When set, forced refreshes back off this long: retrying sooner fails the same way. */
  readonly retryAfterMs?: number;

  constructor(message: string, code?: string, retryAfterMs?: number) {
    super(message, code);
    this.retryAfterMs = retryAfterMs;
  }
}

/** The configuration is wrong: a missing or invalid setting, a malformed secret, an unreadable CA file. */
export class DbConfigError extends DbError {
  override readonly name: string = 'DbConfigError';
  constructor(message: string, code?: string) {
    super(message, code);
  }
}

/** The server rejected a statement (syntax, constraint, unknown table...). Retrying the same statement won't help. */
export class DbQueryError extends DbError {
  override readonly name: string = 'DbQueryError';
  /** MySQL error number, e.g. 1062 for a duplicate key. */
  readonly errno?: number;

  constructor(message: string, code?: string, errno?: number) {
    super(message, code);
    this.errno = errno;
  }
}
