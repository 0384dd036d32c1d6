import { DatabaseOperationError, isDatabaseUnreachable } from './errors';

describe('isDatabaseUnreachable: a database that did not answer, as opposed to one that answered with an error', () => {
  it.each(['ECONNREFUSED', 'ETIMEDOUT', 'PROTOCOL_CONNECTION_LOST', 'ECONNRESET', 'ER_SERVER_SHUTDOWN'])(
    'an error with code %s is unreachable',
    (code) => {
      expect(isDatabaseUnreachable(new DatabaseOperationError('x', code))).toBe(true);
    },
  );

  it.each(['ER_TABLEACCESS_DENIED_ERROR', 'ER_PARSE_ERROR', undefined])('an error with code %s is not', (code) => {
    expect(isDatabaseUnreachable(new DatabaseOperationError('x', code))).toBe(false);
  });

  it('the flag wins over the code (db-client said DbUnavailableError), and other errors are not', () => {
    expect(isDatabaseUnreachable(new DatabaseOperationError('x', 'unknown', true))).toBe(true);
    expect(isDatabaseUnreachable(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(false);
  });
});
