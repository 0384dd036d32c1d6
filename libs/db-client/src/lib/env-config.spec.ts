import { DbConfigError } from './errors';
import { dbClientConfigFromEnv as fromEnv, dbClientConfigFromUrl, dbTlsConfigFromEnv } from './env-config';
import { anyRdsEndpointRoots, RDS_INSTANCE_ROOTS, RDS_PROXY_ROOTS } from './trusted-roots';

const secretEnv = { DB_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-AbCdEf' };

const dbClientConfigFromEnv = (env: Record<string, string>) => fromEnv(env, { roots: RDS_PROXY_ROOTS });

describe('dbClientConfigFromEnv', () => {
  it('defaults to secret mode, verifying the server against the roots the caller names', () => {
    expect(dbClientConfigFromEnv(secretEnv)).toMatchObject({
      auth: { mode: 'secret', secretId: secretEnv.DB_SECRET_ARN, cacheTtlSeconds: undefined },
      tls: { mode: 'verify', roots: RDS_PROXY_ROOTS },
    });
    expect(fromEnv({ ...secretEnv, DB_TLS: 'enabled' }, { roots: RDS_INSTANCE_ROOTS }).tls).toEqual({
      mode: 'verify',
      roots: RDS_INSTANCE_ROOTS,
    });
  });

  it('leaves TLS to the caller when neither DB_TLS nor DB_TLS_CA_FILE is set', () => {
    expect(dbTlsConfigFromEnv({}, RDS_PROXY_ROOTS)).toBeUndefined();
  });

  it('lets DB_HOST, DB_PORT and DB_NAME override the secret, and reads the cache TTL', () => {
    const config = dbClientConfigFromEnv({
      ...secretEnv,
      DB_HOST: 'proxy.example',
      DB_PORT: '3307',
      DB_NAME: 'app',
      SECRET_CACHE_TTL_SECONDS: '600',
    });

    expect(config).toMatchObject({
      host: 'proxy.example',
      port: 3307,
      database: 'app',
      auth: { cacheTtlSeconds: 600 },
    });
  });

  it.each([
    [{}, 'DB_SECRET_ARN'],
    [{ DB_AUTH_MODE: 'iam', DB_HOST: 'h', AWS_REGION: 'eu-west-1' }, 'DB_USER'],
    [{ DB_AUTH_MODE: 'iam', DB_USER: 'u', DB_HOST: 'h' }, 'AWS_REGION'],
    [{ DB_AUTH_MODE: 'iam', DB_USER: 'u', AWS_REGION: 'eu-west-1' }, 'DB_HOST'],
    [{ DB_AUTH_MODE: 'password' }, 'DB_AUTH_MODE'],
    [{ ...secretEnv, DB_PORT: '3306x' }, 'DB_PORT'],
    [{ ...secretEnv, SECRET_CACHE_TTL_SECONDS: '-1' }, 'SECRET_CACHE_TTL_SECONDS'],
    [{ ...secretEnv, DB_TLS: 'off' }, 'DB_TLS'],
    [{ ...secretEnv, DB_QUERY_TIMEOUT_MS: '5' }, 'DB_QUERY_TIMEOUT_MS'],
  ])('names the variable in error for %j', (env, variable) => {
    expect(() => dbClientConfigFromEnv(env)).toThrow(DbConfigError);
    expect(() => dbClientConfigFromEnv(env)).toThrow(variable);
  });

  it('reads DB_TLS=disabled and DB_TLS_CA_FILE for local servers', () => {
    expect(dbClientConfigFromEnv({ ...secretEnv, DB_TLS: 'disabled' }).tls).toEqual({ mode: 'disabled' });
    expect(dbClientConfigFromEnv({ ...secretEnv, DB_TLS_CA_FILE: '/ca.pem' }).tls).toEqual({
      mode: 'ca-file',
      caFile: '/ca.pem',
    });
  });
});

describe('dbClientConfigFromUrl', () => {
  it('takes credentials, host, port and database from the URL and defaults TLS off only on loopback', () => {
    expect(dbClientConfigFromUrl('mysql://app:p%40ss@127.0.0.1:3307/app')).toEqual({
      auth: { mode: 'password', user: 'app', password: 'p@ss' },
      host: '127.0.0.1',
      port: 3307,
      database: 'app',
      tls: { mode: 'disabled' },
    });
    expect(dbClientConfigFromUrl('mysql://app:pw@db.example/app').tls).toEqual({
      mode: 'verify',
      roots: anyRdsEndpointRoots(),
    });
  });

  it('rejects a bad URL without repeating it', () => {
    expect(() => dbClientConfigFromUrl('postgres://app:s3cret@h/db')).toThrow(DbConfigError);
    expect(() => dbClientConfigFromUrl('postgres://app:s3cret@h/db')).not.toThrow('s3cret');
  });
});
