import { readFileSync } from 'node:fs';
import {
  createDbClient,
  DbAuthError,
  DbConfigError,
  DbQueryError,
  DbUnavailableError,
  RDS_INSTANCE_ROOTS,
  RDS_PROXY_ROOTS,
} from '../index';
import { createDbClientWith } from './client';
import { recordingLogger, recordingObserver, startDbFixture, type DbFixture } from '../testing/spec-fixture';

jest.setTimeout(60_000);

let fixture: DbFixture;

beforeAll(async () => {
  fixture = await startDbFixture();
});

afterAll(async () => {
  await fixture?.destroy();
});

describe('createDbClient in secret mode against a real TLS MariaDB', () => {
  it('answers the database time over a TLS connection verified against the server CA', async () => {
    const db = createDbClient(fixture.config());
    const [row] = await db.query<{ now: Date; cipher: string }[]>(
      "SELECT UTC_TIMESTAMP(3) AS now, VARIABLE_VALUE AS cipher FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'Ssl_cipher'",
    );
    await db.close();

    expect(Math.abs(row.now.getTime() - Date.now())).toBeLessThan(60_000);
    expect(row.cipher).not.toBe('');
  });

  it('reuses one connection and one secret fetch for many queries', async () => {
    const observer = recordingObserver();
    const db = createDbClient(fixture.config({ observer }));
    const before = await fixture.server.statusValue('Connections');

    for (let i = 0; i < 200; i++) await db.query('SELECT ? AS i', [i]);
    const after = await fixture.server.statusValue('Connections');
    await db.close();

    // +1 for our connection, +1 for the statusValue call's own root connection.
    expect(after - before).toBe(2);
    expect(observer.counts).toMatchObject({ opened: 1, secretFetched: 1 });
  });

  it('does not connect or fetch anything until the first query', async () => {
    const observer = recordingObserver();
    createDbClient(fixture.config({ observer }));

    expect(observer.counts).toMatchObject({ opened: 0, secretFetched: 0 });
  });

  it.each([
    ['RDS Proxy', RDS_PROXY_ROOTS],
    ['RDS DB instance', RDS_INSTANCE_ROOTS],
  ])('refuses a server whose certificate does not chain to the %s roots', async (_, roots) => {
    const db = createDbClient(fixture.config({ tls: { mode: 'verify', roots } }));

    await expect(db.query('SELECT 1')).rejects.toBeInstanceOf(DbConfigError);
  });

  it('accepts the same server once its CA is among the trusted roots (the set decides, nothing else)', async () => {
    const roots = {
      ...RDS_PROXY_ROOTS,
      certificates: [...RDS_PROXY_ROOTS.certificates, readFileSync(fixture.server.caFile as string, 'utf8')],
    };
    const db = createDbClient(fixture.config({ tls: { mode: 'verify', roots } }));

    await expect(db.query('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
    await db.close();
  });

  it('warns when TLS is disabled', async () => {
    const logger = recordingLogger();
    const db = createDbClient(fixture.config({ tls: { mode: 'disabled' }, logger }));

    await db.query('SELECT 1');
    await db.close();

    expect(logger.warnings).toEqual([expect.stringContaining('TLS is disabled')]);
  });

  it('gives a DbQueryError, without the parameters, for a statement the server rejects', async () => {
    const db = createDbClient(fixture.config());

    const error = await db.query('SELECT * FROM no_such_table WHERE x = ?', ['param-value']).catch((e) => e);
    await db.close();

    expect(error).toBeInstanceOf(DbQueryError);
    expect(error.code).toBe('ER_NO_SUCH_TABLE');
    expect(error.message).not.toContain('param-value');
  });

  it('turns a statement slower than the query timeout into DbUnavailableError, then recovers', async () => {
    const observer = recordingObserver();
    const db = createDbClient(fixture.config({ queryTimeoutMs: 300, observer }));

    await expect(db.query('SELECT SLEEP(3)')).rejects.toBeInstanceOf(DbUnavailableError);
    await expect(db.query('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
    await db.close();

    expect(observer.openReasons).toEqual(['first', 'lost']);
  });

  it('replaces a connection idle longer than the proxy idle timeout minus the margin', async () => {
    let now = 1_000_000;
    const observer = recordingObserver();
    const db = createDbClientWith(fixture.config({ proxyIdleTimeoutSeconds: 1800, observer }), { clock: () => now });

    await db.query('SELECT 1');
    now += 1739 * 1000;
    await db.query('SELECT 1');
    now += 1741 * 1000;
    await db.query('SELECT 1');
    await db.close();

    expect(observer.openReasons).toEqual(['first', 'idle']);
  });
});

describe('credentials under rotation and outages', () => {
  it('keeps working across a rotation with exactly one forced refresh', async () => {
    const observer = recordingObserver();
    const db = createDbClient(fixture.config({ observer }));
    const failures: unknown[] = [];
    const run = (i: number) => db.query('SELECT ? AS i', [i]).catch((error) => failures.push(error));

    for (let i = 0; i < 50; i++) await run(i);
    await fixture.rotatePassword('second-password');
    await fixture.killAppSessions();
    for (let i = 50; i < 100; i++) await run(i);
    await db.close();

    expect(failures).toEqual([]);
    expect(observer.counts.forcedRefresh).toBe(1);
    expect(observer.counts.secretFetched).toBe(2);
  });

  it('keeps serving the cached secret when Secrets Manager becomes unreachable', async () => {
    const logger = recordingLogger();
    const auth = { mode: 'secret' as const, secretId: fixture.secretArn, cacheTtlSeconds: 0 };
    const db = createDbClient(fixture.config({ auth, logger }));
    await db.query('SELECT 1');

    fixture.secrets.setAvailable(false);
    try {
      await fixture.killAppSessions();
      await expect(db.query('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
    } finally {
      fixture.secrets.setAvailable(true);
      await db.close();
    }
    expect(logger.warnings).toEqual([expect.stringContaining('serving the last good value')]);
  });

  it('lets the configured host and port win over the instance named in the secret, and uses its dbname', async () => {
    const secretId = fixture.secrets.createSecret(
      'with-instance',
      JSON.stringify({
        username: fixture.user,
        password: fixture.password(),
        host: 'instance.invalid',
        port: 1,
        dbname: 'app',
      }),
    );
    const db = createDbClient(fixture.config({ auth: { mode: 'secret', secretId }, database: undefined }));

    const rows = await db.query('SELECT DATABASE() AS db');
    await db.close();

    expect(rows).toEqual([{ db: 'app' }]);
  });

  it('gives DbUnavailableError when Secrets Manager is unreachable and nothing is cached', async () => {
    fixture.secrets.setAvailable(false);
    try {
      const db = createDbClient(fixture.config());
      await expect(db.query('SELECT 1')).rejects.toBeInstanceOf(DbUnavailableError);
    } finally {
      fixture.secrets.setAvailable(true);
    }
  });

  it('gives a DbConfigError that does not echo a malformed secret', async () => {
    const secretId = fixture.secrets.createSecret('malformed', '{"username":"u","password":"hunter2"');
    const db = createDbClient(fixture.config({ auth: { mode: 'secret', secretId } }));

    const error = await db.query('SELECT 1').catch((e) => e);

    expect(error).toBeInstanceOf(DbConfigError);
    expect(error.message).toContain('not valid JSON');
    expect(error.message).not.toContain('hunter2');
  });

  it('tries a refused fixed password once: nothing could refresh it, and each retry is another failed login', async () => {
    const observer = recordingObserver();
    const db = createDbClient(
      fixture.config({ auth: { mode: 'password', user: fixture.user, password: 'not-the-password' }, observer }),
    );
    const deniedBefore = Number(await fixture.server.statusValue('Access_denied_errors'));

    const error = await db.query('SELECT 1').catch((e) => e);

    expect(error).toBeInstanceOf(DbAuthError);
    expect(Number(await fixture.server.statusValue('Access_denied_errors')) - deniedBefore).toBe(1);
    expect(observer.counts).toMatchObject({ forcedRefresh: 0, retried: 0 });
  });

  it('gives a DbAuthError, after one forced refresh and one look for AWSPENDING, when even the fresh secret is refused', async () => {
    const secretId = fixture.secrets.createSecret(
      'wrong',
      JSON.stringify({ username: fixture.user, password: 'nope-pw' }),
    );
    const observer = recordingObserver();
    const db = createDbClient(fixture.config({ auth: { mode: 'secret', secretId }, observer }));

    const error = await db.query('SELECT 1').catch((e) => e);

    expect(error).toBeInstanceOf(DbAuthError);
    expect(error.message).not.toContain('nope-pw');
    // AWSCURRENT, AWSCURRENT forced, AWSPENDING (none: no rotation in progress).
    expect(observer.counts).toMatchObject({ forcedRefresh: 1, secretFetched: 3 });
  });
});
