import { parseDatabaseSecret, secretPort } from './database-secret';

const valid = { engine: 'mysql', host: 'db.example', username: 'serverless', password: 'p4ss' };

describe('parseDatabaseSecret', () => {
  it('accepts the seed 003 shape and keeps port and dbname optional', () => {
    const secret = parseDatabaseSecret(JSON.stringify(valid), 'AWSCURRENT');

    expect(secret.username).toBe('serverless');
    expect(secretPort(secret)).toBe(3306);
  });

  it('reads a numeric-string port the way the Python template does', () => {
    expect(secretPort(parseDatabaseSecret(JSON.stringify({ ...valid, port: '3307' }), 'AWSCURRENT'))).toBe(3307);
  });

  it.each(['host', 'username', 'password'])('names the missing "%s" key', (key) => {
    const withoutKey = { ...valid, [key]: undefined };

    expect(() => parseDatabaseSecret(JSON.stringify(withoutKey), 'AWSPENDING')).toThrow(
      `The AWSPENDING secret JSON is missing the "${key}" key`,
    );
  });

  it('rejects an engine other than mysql', () => {
    expect(() => parseDatabaseSecret(JSON.stringify({ ...valid, engine: 'postgres' }), 'AWSCURRENT')).toThrow(
      '"engine" key must be "mysql"',
    );
  });

  it('never echoes the secret string when it is not JSON', () => {
    const call = () => parseDatabaseSecret('{"password":"hunter2"', 'AWSCURRENT');

    expect(call).toThrow('not valid JSON');
    expect(call).not.toThrow(/hunter2/);
  });

  it('rejects a port outside 1-65535', () => {
    expect(() => parseDatabaseSecret(JSON.stringify({ ...valid, port: 70000 }), 'AWSCURRENT')).toThrow('"port"');
  });
});
