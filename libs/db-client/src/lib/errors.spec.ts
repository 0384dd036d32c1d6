import { DatabaseSecretError } from './database-secret';
import { isConnectionLost, isProxyBorrowTimeout, isReadOnlyRefusal, toDbError } from './driver-errors';
import { DbAuthError, DbConfigError, DbQueryError, DbUnavailableError } from './errors';

describe('error names', () => {
  // Bundles are minified, so a class name is not its runtime name: every class must spell it out (the built bundle's
  // logs are checked in api-lambda's bundle-logs spec).
  it.each([DbUnavailableError, DbAuthError, DbConfigError, DbQueryError, DatabaseSecretError])(
    '%p spells out its own name',
    (ErrorClass) => {
      expect(new ErrorClass('message').name).toBe(ErrorClass.name);
    },
  );
});

/** A server error as mysql2 reports it: the server's code, number, SQLSTATE and message. */
function serverError(code: string | undefined, errno: number, message: string): Error {
  return Object.assign(new Error(message), { code, errno, sqlState: 'HY000', sqlMessage: message, fatal: false });
}

describe('a blue/green switchover, as the client sees it', () => {
  // AWS, "Using RDS Proxy with Blue/Green Deployments"
  // (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-blue-green.html): during switchover the blue
  // database is read-only before green is promoted and the proxy keeps routing to it, so writes on RDS for MySQL may
  // fail with "1290 (HY000): The MySQL server is running with the --read-only option"; when green is promoted the
  // proxy drops its existing connections and the application must reconnect.
  it.each([
    [
      'the server’s own message',
      'The MySQL server is running with the --read-only option so it cannot execute this statement',
    ],
    [
      'the message as AWS quotes it',
      'The MySQL server is running with the —read-only option so it cannot execute this statement',
    ],
    [
      'super_read_only',
      'The MySQL server is running with the --super-read-only option so it cannot execute this statement',
    ],
  ])(
    'GIVEN a write refused with 1290 naming read-only (%s) THEN it is DbUnavailableError: 503, retry later',
    (_case, message) => {
      for (const phase of ['query', 'connect'] as const) {
        const error = toDbError(serverError('ER_OPTION_PREVENTS_STATEMENT', 1290, message), phase);
        expect(error).toBeInstanceOf(DbUnavailableError);
        expect(error.code).toBe('ER_OPTION_PREVENTS_STATEMENT');
        expect(error.message).toMatch(/read-only for now .*\(ER_OPTION_PREVENTS_STATEMENT\)$/);
        // Built from the code, never copied from the server.
        expect(error.message).not.toContain('MySQL server is running');
      }
    },
  );

  it('GIVEN 1290 by number only (no code) THEN it is recognised too', () => {
    const refusal = serverError(undefined, 1290, 'The MySQL server is running with the --read-only option');
    expect(isReadOnlyRefusal(refusal)).toBe(true);
    expect(toDbError(refusal, 'query')).toMatchObject({
      name: 'DbUnavailableError',
      code: 'ER_OPTION_PREVENTS_STATEMENT',
    });
  });

  it('GIVEN 1290 naming another option (--secure-file-priv) THEN it stays a query error: retrying fails the same way', () => {
    const refusal = serverError(
      'ER_OPTION_PREVENTS_STATEMENT',
      1290,
      'The MySQL server is running with the --secure-file-priv option so it cannot execute this statement',
    );
    expect(isReadOnlyRefusal(refusal)).toBe(false);
    const error = toDbError(refusal, 'query');
    expect(error).toBeInstanceOf(DbQueryError);
    expect((error as DbQueryError).errno).toBe(1290);
  });

  it.each(['PROTOCOL_CONNECTION_LOST', 'ECONNRESET', 'EPIPE'])(
    'GIVEN the proxy drops the connection at promotion (%s) THEN it is a lost connection (a read is retried once on a new one) and DbUnavailableError',
    (code) => {
      const dropped = Object.assign(new Error('Connection lost'), { code, fatal: true });
      expect(isConnectionLost(dropped)).toBe(true);
      expect(toDbError(dropped, 'query')).toBeInstanceOf(DbUnavailableError);
    },
  );

  it('GIVEN other server errors THEN nothing changes: a duplicate key is still a query error', () => {
    const duplicate = serverError('ER_DUP_ENTRY', 1062, "Duplicate entry 'read-only' for key 'PRIMARY'");
    expect(isReadOnlyRefusal(duplicate)).toBe(false);
    expect(toDbError(duplicate, 'query')).toBeInstanceOf(DbQueryError);
  });
});

describe('a saturated RDS Proxy pool, as the client sees it', () => {
  // AWS, "Troubleshooting for RDS Proxy", MySQL
  // (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.troubleshooting.html#rds-proxy-MySQL-troubleshooting):
  // "ERROR 9501 (HY000): Timed-out waiting to acquire database connection" when no DB connection was free within the
  // proxy's ConnectionBorrowTimeout. mysql2 knows no name for 9501: the error has a number and no code.
  const borrowTimeout = () => serverError(undefined, 9501, 'Timed-out waiting to acquire database connection');

  it('GIVEN 9501 THEN it is DbUnavailableError in either phase: 503, retry later', () => {
    expect(isProxyBorrowTimeout(borrowTimeout())).toBe(true);
    for (const phase of ['query', 'connect'] as const) {
      const error = toDbError(borrowTimeout(), phase);
      expect(error).toBeInstanceOf(DbUnavailableError);
      expect(error.code).toBe('PROXY_BORROW_TIMEOUT');
      expect(error.message).toBe(
        `The proxy had no database connection free within its borrow timeout during ${phase} (errno 9501)`,
      );
    }
  });

  it('GIVEN another server error without a code THEN it is not taken for a borrow timeout', () => {
    const other = serverError(undefined, 9999, 'Something else');
    expect(isProxyBorrowTimeout(other)).toBe(false);
    expect(toDbError(other, 'query')).toBeInstanceOf(DbQueryError);
  });
});

describe('a proxy reporting that the database went away under a statement', () => {
  // CR_SERVER_LOST (2013) is a client-side code no server sends; a proxy does, in an error packet, when the target is
  // lost mid-statement (the local RDS Proxy stand-in). mysql2 gives it a number and no code.
  const serverLost = () => serverError(undefined, 2013, 'Lost connection to the database during query');

  it('GIVEN 2013 in an error packet THEN it is a lost connection (reads and idempotent writes retried once) and DbUnavailableError', () => {
    expect(isConnectionLost(serverLost())).toBe(true);
    const error = toDbError(serverLost(), 'query');
    expect(error).toBeInstanceOf(DbUnavailableError);
    expect(error.code).toBe('CR_SERVER_LOST');
    expect(error.message).toBe('The database could not be reached during query (CR_SERVER_LOST)');
  });

  it('GIVEN a server error that happens to carry a code THEN the code wins: 2013 is only recognised without one', () => {
    const named = serverError('ER_SOMETHING', 2013, 'x');
    expect(isConnectionLost(named)).toBe(false);
  });
});
