import { databaseSecretPort, DatabaseSecretError, parseDatabaseSecret } from './database-secret';

const login = { username: 'serverless', password: 'hunter2-pw' };
const parse = (value: unknown, options: { requireEngine?: 'mysql'; requireHost?: boolean } = {}) =>
  parseDatabaseSecret(typeof value === 'string' ? value : JSON.stringify(value), {
    label: 'Secret app-db',
    ...options,
  });

describe('parseDatabaseSecret', () => {
  it('keeps every key as stored, so a rotation copies the version with only the password changed', () => {
    const stored = { ...login, engine: 'mysql', host: 'db.example', port: '3307', dbname: 'app', extra: { a: 1 } };

    const secret = parse(stored, { requireEngine: 'mysql', requireHost: true });

    expect(secret).toEqual(stored);
    expect(databaseSecretPort(secret)).toBe(3307);
  });

  it('takes a login alone when neither engine nor host is required, and an empty or null port as none', () => {
    expect(databaseSecretPort(parse({ ...login, port: '' }))).toBeUndefined();
    expect(databaseSecretPort(parse({ ...login, port: null }))).toBeUndefined();
  });

  it.each([
    [{ password: 'hunter2-pw' }, '"username"'],
    [{ ...login, password: '' }, '"password"'],
    [{ ...login, port: 70_000 }, '"port"'],
    [{ ...login, port: 'hunter2-pw' }, '"port"'],
    [{ ...login, dbname: 42 }, '"dbname"'],
  ])('names the offending key and never echoes a value (%j)', (stored, key) => {
    const error = (() => {
      try {
        parse(stored);
      } catch (e) {
        return e as Error;
      }
      throw new Error('accepted');
    })();

    expect(error).toBeInstanceOf(DatabaseSecretError);
    expect(error.message).toContain(key);
    expect(error.message).not.toContain('hunter2');
  });

  it('requires the engine and the host only when asked', () => {
    expect(() => parse({ ...login, engine: 'postgres', host: 'h' }, { requireEngine: 'mysql' })).toThrow(
      '"engine" key must be "mysql"',
    );
    expect(() => parse({ ...login, engine: 'mysql' }, { requireEngine: 'mysql', requireHost: true })).toThrow(
      'missing the "host" key',
    );
  });

  it('says a malformed string is not JSON without repeating it', () => {
    expect(() => parse('{"password":"hunter2-pw"')).toThrow(/^Secret app-db is not valid JSON\.$/);
  });
});
