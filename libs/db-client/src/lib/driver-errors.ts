import { DbAuthError, DbConfigError, DbError, DbQueryError, DbUnavailableError } from './errors';

interface DriverError {
  code?: string;
  errno?: number;
  sqlState?: string;
  fatal?: boolean;
  name?: string;
  message?: string;
}

const ACCESS_DENIED = new Set([
  'ER_ACCESS_DENIED_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
  'ER_ACCESS_DENIED_NO_PASSWORD_ERROR',
]);

const CONNECTION_LOST = new Set([
  'PROTOCOL_CONNECTION_LOST',
  'ECONNRESET',
  'EPIPE',
  'ER_CONNECTION_KILLED',
  'CLOSED',
  'CR_SERVER_LOST',
]);

/**
 * CR_SERVER_LOST, "Lost connection to MySQL server during query"
 * (https://dev.mysql.com/doc/mysql-errors/8.0/en/client-error-reference.html#error_cr_server_lost): a client-side code
 * that no server sends, so when it arrives in an error packet a proxy is reporting that the database went away under
 * the statement (the local RDS Proxy stand-in does so, libs/rds-proxy-local). Whether the statement ran is unknown:
 * a lost connection, retried only for reads and idempotent writes. mysql2 has no name for it.
 */
const SERVER_LOST_ERRNO = 2013;

const UNREACHABLE = new Set([
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
]);

/** Codes of a database that did not answer (unreachable, or the connection lost): a retry may succeed. */
export const DATABASE_DID_NOT_ANSWER_CODES: ReadonlySet<string> = new Set([...UNREACHABLE, ...CONNECTION_LOST]);

const MISCONFIGURED = new Set(['ER_BAD_DB_ERROR', 'MYSQL_CLEAR_PASSWORD_NOT_ENABLED', 'HANDSHAKE_NO_SSL_SUPPORT']);

export function codeOf(error: unknown): string | undefined {
  const { code, errno, message } = error as DriverError & { message?: string };
  // mysql2 reports a query on a closed connection without a code.
  if (!code && typeof message === 'string' && message.includes('closed state')) return 'CLOSED';
  if (!code && errno === SERVER_LOST_ERRNO) return 'CR_SERVER_LOST';
  return code;
}

export function isAccessDenied(error: unknown): boolean {
  return ACCESS_DENIED.has(codeOf(error) ?? '');
}

export function isConnectionLost(error: unknown): boolean {
  return CONNECTION_LOST.has(codeOf(error) ?? '');
}

/** MySQL error 1290, ER_OPTION_PREVENTS_STATEMENT: "running with the %s option so it cannot execute this statement". */
const OPTION_PREVENTS_STATEMENT = { code: 'ER_OPTION_PREVENTS_STATEMENT', errno: 1290 } as const;
/** The option 1290 names when the server is read-only: `--read-only` or `--super-read-only`. */
const READ_ONLY_OPTION = /\bread[-_]only\b/i;

/**
 * The server refused a write because it is read-only for now: error 1290 naming read-only. During an RDS blue/green
 * switchover the blue database turns read-only before green is promoted while RDS Proxy keeps routing to it, and
 * writes fail with "1290 (HY000): The MySQL server is running with the --read-only option"
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-blue-green.html). The switchover stops new writes
 * on both environments, then drops their connections and renames the instances
 * (https://aws.amazon.com/blogs/database/achieve-faster-switchover-for-amazon-rds-blue-green-deployments-with-large-number-of-connections/),
 * and it completes or rolls back within its timeout, 300 s by default
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/blue-green-deployments-switching.html). The statement was
 * refused, not run, so a retry after the switchover succeeds. 1290 naming another option (`--secure-file-priv`)
 * fails the same way every time: not this. The server's message is only inspected, never copied into ours.
 */
export function isReadOnlyRefusal(error: unknown): boolean {
  const { errno, message } = error as DriverError;
  const is1290 = codeOf(error) === OPTION_PREVENTS_STATEMENT.code || errno === OPTION_PREVENTS_STATEMENT.errno;
  return is1290 && typeof message === 'string' && READ_ONLY_OPTION.test(message);
}

/**
 * RDS Proxy's error for a client that waited longer than the proxy's ConnectionBorrowTimeout for a database
 * connection: "ERROR 9501 (HY000): Timed-out waiting to acquire database connection", listed for MySQL in the RDS Proxy
 * troubleshooting page (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.troubleshooting.html#rds-proxy-MySQL-troubleshooting;
 * the timeout itself: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-connections.html). The local
 * stand-in (libs/rds-proxy-local) answers a saturated pool the same way. mysql2 has no name for 9501, so it is
 * recognised by its number. The statement never reached the database (the pool was saturated): a retry later may
 * succeed, so it is unavailability, not a rejected statement.
 */
const PROXY_BORROW_TIMEOUT_ERRNO = 9501;

export function isProxyBorrowTimeout(error: unknown): boolean {
  return (error as DriverError | undefined)?.errno === PROXY_BORROW_TIMEOUT_ERRNO;
}

/** Maps a mysql2/socket/TLS error to one of our errors. Messages are built from codes, never copied. */
export function toDbError(error: unknown, phase: 'connect' | 'query'): DbError {
  if (error instanceof DbError) return error;
  const code = codeOf(error);
  const { errno, sqlState } = error as DriverError;
  if (isAccessDenied(error)) return new DbAuthError(`The database refused the credentials (${code})`, code);
  if (isConnectionLost(error) || UNREACHABLE.has(code ?? '')) {
    const what = code === 'PROTOCOL_SEQUENCE_TIMEOUT' ? 'did not answer in time' : 'could not be reached';
    return new DbUnavailableError(`The database ${what} during ${phase} (${code})`, code);
  }
  if (isProxyBorrowTimeout(error)) {
    return new DbUnavailableError(
      `The proxy had no database connection free within its borrow timeout during ${phase} (errno 9501)`,
      code ?? 'PROXY_BORROW_TIMEOUT',
    );
  }
  if (isReadOnlyRefusal(error)) {
    return new DbUnavailableError(
      `The database is read-only for now (a blue/green switchover in progress) and refused the statement ` +
        `during ${phase} (${code ?? 'errno 1290'})`,
      code ?? OPTION_PREVENTS_STATEMENT.code,
    );
  }
  if (MISCONFIGURED.has(code ?? ''))
    return new DbConfigError(`The database connection is misconfigured (${code})`, code);
  if (code?.startsWith('ERR_TLS') || code?.includes('CERT') || code === 'HANDSHAKE_SSL_ERROR') {
    return new DbConfigError(`TLS verification of the database failed (${code})`, code);
  }
  if (phase === 'query' && sqlState) {
    return new DbQueryError(`The database rejected the statement (${code}, SQLSTATE ${sqlState})`, code, errno);
  }
  if (phase === 'connect')
    return new DbUnavailableError(`Connecting to the database failed (${code ?? 'unknown'})`, code);
  return new DbQueryError(`The statement failed (${code ?? 'unknown'})`, code, errno);
}
