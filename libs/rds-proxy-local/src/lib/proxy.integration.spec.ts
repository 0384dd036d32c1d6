import { startRdsProxyLocal, type RdsProxyLocal, type RdsProxyLocalOptions } from './proxy';
import { APP_USER, startProxyFixture, type ProxyFixture } from './testing/proxy-fixture';

describe('rds-proxy-local in front of MariaDB', () => {
  let fixture: ProxyFixture;
  const proxies: RdsProxyLocal[] = [];
  let logLines: string[] = [];

  async function proxyWith(options: Partial<RdsProxyLocalOptions> = {}): Promise<RdsProxyLocal> {
    const proxy = await startRdsProxyLocal({
      target: { host: fixture.server.host, port: fixture.server.port },
      secretFile: fixture.secretFile,
      log: (line) => logLines.push(line),
      ...options,
    });
    proxies.push(proxy);
    return proxy;
  }

  beforeAll(async () => {
    fixture = await startProxyFixture();
    await fixture.server.rootQuery('CREATE TABLE app.items (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(40))');
  }, 60_000);
  afterEach(async () => {
    await fixture.cleanUp();
    await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
    logLines = [];
  });
  afterAll(() => fixture?.destroy());

  describe('client authentication against the secret', () => {
    it('lets in the secret user with its password and serves queries', async () => {
      const proxy = await proxyWith();
      const client = await fixture.connect(proxy);

      const [rows] = await client.query('SELECT CURRENT_USER() AS who, DATABASE() AS db');

      expect(rows).toEqual([{ who: `${APP_USER}@%`, db: 'app' }]);
      expect(proxy.metrics()).toMatchObject({
        ClientConnectionsSetupSucceeded: 1,
        ClientConnectionsSetupFailedAuth: 0,
      });
      // The greeting names the target's version from the first client on (drivers adapt to MariaDB vs MySQL).
      const [[{ version }]] = await client.query<[{ version: string }] & never[]>('SELECT @@version AS version');
      const handshake = (client as unknown as { connection: { _handshakePacket: { serverVersion: string } } })
        .connection;
      expect(handshake._handshakePacket.serverVersion).toContain(version); // MariaDB greets with a "5.5.5-" prefix
    });

    it('refuses a wrong password or another user with access denied (1045) and counts each', async () => {
      const proxy = await proxyWith();

      await expect(fixture.connect(proxy, { password: 'wrong' })).rejects.toMatchObject({ errno: 1045 });
      await expect(
        fixture.connect(proxy, { user: 'root', password: fixture.server.rootPassword }),
      ).rejects.toMatchObject({
        errno: 1045,
      });

      expect(proxy.metrics()).toMatchObject({
        ClientConnectionsSetupFailedAuth: 2,
        ClientConnectionsSetupSucceeded: 0,
      });
      // A refused client never costs a DB connection.
      expect(proxy.metrics().DatabaseConnectionRequests).toBe(0);
    });
  });

  describe('secret rotation', () => {
    afterEach(async () => {
      await fixture.server.rootQuery(`ALTER USER ?@'%' IDENTIFIED BY 'first-password'`, [APP_USER]);
      fixture.writeSecret('first-password');
    });

    it('lets in a client that already has the rotated password, and logs in to the DB with it (no lock-out)', async () => {
      // maxIdle 0: every DB connection is closed after use, so the next one logs in with the current secret.
      const proxy = await proxyWith({ maxIdleDbConnections: 0 });
      const before = await fixture.connect(proxy);
      await before.query('SELECT 1');

      // The rotation: the DB gets the new password, then the secret.
      await fixture.server.rootQuery(`ALTER USER ?@'%' IDENTIFIED BY 'second-password'`, [APP_USER]);
      fixture.writeSecret('second-password');
      const after = await fixture.connect(proxy, { password: 'second-password' });
      const [rows] = await after.query('SELECT 2 AS two');

      expect(rows).toEqual([{ two: 2 }]);
      // The client that connected with the old value keeps its proxy connection and keeps working.
      await expect(before.query('SELECT 3')).resolves.toBeDefined();
      // The old password is no longer the secret's.
      await expect(fixture.connect(proxy)).rejects.toMatchObject({ errno: 1045 });
    });

    it('re-reads the secret when the DB refuses the cached value', async () => {
      const proxy = await proxyWith({ maxIdleDbConnections: 0 });
      const client = await fixture.connect(proxy);
      await client.query('SELECT 1');

      // The DB and the secret move on while the proxy still caches the first value.
      await fixture.server.rootQuery(`ALTER USER ?@'%' IDENTIFIED BY 'third-password'`, [APP_USER]);
      fixture.writeSecret('third-password');
      const [rows] = await client.query('SELECT 4 AS four');

      expect(rows).toEqual([{ four: 4 }]);
      expect(proxy.metrics().DatabaseConnectionsSetupFailed).toBe(1);
    });
  });

  describe('the pool', () => {
    it('serves more concurrent clients than DB connections, never opening more than the cap', async () => {
      const proxy = await proxyWith({ maxDbConnections: 3 });
      const clients = await Promise.all(Array.from({ length: 12 }, () => fixture.connect(proxy)));

      const results = await Promise.all(
        clients.map(async (client) => {
          const [rows] = await client.query<[{ id: number }] & never[]>(
            'SELECT CONNECTION_ID() AS id, SLEEP(0.05) AS slept',
          );
          return rows[0].id;
        }),
      );

      // Twelve clients answered, by at most three DB sessions.
      expect(results).toHaveLength(12);
      expect(new Set(results).size).toBeLessThanOrEqual(3);
      expect(proxy.metrics().DatabaseConnectionsSetupSucceeded).toBeLessThanOrEqual(3);
      expect(proxy.metrics().ClientConnections).toBe(12);
    });

    it('derives the cap from MaxConnectionsPercent of the target max_connections, rounding down', async () => {
      const [{ max }] = await fixture.server.rootQuery<{ max: number }>('SELECT @@max_connections AS max');
      const proxy = await proxyWith({ maxConnectionsPercent: 2, maxIdleConnectionsPercent: 1 });
      const clients = await Promise.all(Array.from({ length: 8 }, () => fixture.connect(proxy)));

      const ids = await Promise.all(
        clients.map(async (client) => {
          const [[row]] = await client.query<[{ id: number }] & never[]>(
            'SELECT CONNECTION_ID() AS id, SLEEP(0.05) AS s',
          );
          return row.id;
        }),
      );

      const cap = Math.floor((max * 2) / 100);
      expect(proxy.metrics().MaxDatabaseConnectionsAllowed).toBe(cap);
      expect(new Set(ids).size).toBeLessThanOrEqual(cap);
      expect(proxy.metrics().DatabaseConnections).toBeLessThanOrEqual(Math.floor(max / 100));
    });

    it('holds a DB connection for a whole transaction and lends it between statements otherwise', async () => {
      const proxy = await proxyWith({ maxDbConnections: 1, borrowTimeoutMs: 300 });
      const first = await fixture.connect(proxy);
      const second = await fixture.connect(proxy);

      // Between statements the one DB connection goes from client to client.
      const [[a]] = await first.query<[{ id: number }] & never[]>('SELECT CONNECTION_ID() AS id');
      const [[b]] = await second.query<[{ id: number }] & never[]>('SELECT CONNECTION_ID() AS id');
      expect(a.id).toBe(b.id);

      // In a transaction the first client keeps it: the second waits out the borrow timeout and gets the proxy's error.
      await first.beginTransaction();
      await first.query('INSERT INTO items (name) VALUES (?)', ['held']);
      expect(proxy.metrics().DatabaseConnectionsCurrentlyInTransaction).toBe(1);
      const started = Date.now();
      await expect(second.query('SELECT 1')).rejects.toMatchObject({
        errno: 9501,
        message: 'Timed-out waiting to acquire database connection',
      });
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);

      // After the commit it is lent again.
      await first.commit();
      await expect(second.query('SELECT 1')).resolves.toBeDefined();
      expect(proxy.metrics().DatabaseConnectionsCurrentlyInTransaction).toBe(0);
    });

    it('closes idle clients after the idle client timeout', async () => {
      const proxy = await proxyWith({ idleClientTimeoutS: 1 });
      const client = await fixture.connect(proxy);
      await client.query('SELECT 1');

      // The proxy, not the client, ends the connection.
      await waitFor(() => proxy.metrics().ClientConnectionsClosed === 1);

      await expect(client.query('SELECT 2')).rejects.toThrow();
      expect(proxy.metrics().ClientConnections).toBe(0);
    });

    it('keeps at most the idle cap of DB connections open once the clients are quiet', async () => {
      const proxy = await proxyWith({ maxDbConnections: 4, maxIdleDbConnections: 1 });
      const clients = await Promise.all(Array.from({ length: 4 }, () => fixture.connect(proxy)));

      await Promise.all(clients.map((client) => client.query('SELECT SLEEP(0.05)')));

      expect(proxy.metrics().DatabaseConnections).toBe(1);
    });
  });

  describe('pinning', () => {
    const pinningStatements: [string, string, Record<string, unknown>][] = [
      ['session variable set', 'SET SESSION sql_select_limit = 10', {}],
      ['user-defined variable', 'SET @answer = 42', {}],
      ['user-defined variable', 'SELECT @total := COUNT(*) FROM items', {}],
      ['table lock', 'LOCK TABLES items READ', {}],
      ['named lock function', "SELECT GET_LOCK('job', 0)", {}],
      ['temporary table', 'CREATE TEMPORARY TABLE scratch (id INT)', {}],
      ['prepared statement', "PREPARE stmt FROM 'SELECT 1'", {}],
      ['multi-statement query', 'SELECT 1; SELECT 2', { multipleStatements: true }],
      ['statement larger than 16 KB', `SELECT '${'x'.repeat(17 * 1024)}' AS big`, {}],
    ];

    it.each(pinningStatements)(
      'pins the session on a %s and counts it until the client leaves',
      async (condition, sql, options) => {
        const proxy = await proxyWith();
        const client = await fixture.connect(proxy, options);

        await client.query(sql);

        expect(proxy.metrics().DatabaseConnectionsCurrentlySessionPinned).toBe(1);
        expect(logLines).toEqual([
          expect.stringMatching(new RegExp(`pinned to the database connection .*Reason: ${condition}\\.$`)),
        ]);
        // The session keeps its DB connection (its state lives there).
        const [[first]] = await client.query<[{ id: number }] & never[]>('SELECT CONNECTION_ID() AS id');
        const [[again]] = await client.query<[{ id: number }] & never[]>('SELECT CONNECTION_ID() AS id');
        expect(again.id).toBe(first.id);
        await client.end();
        await waitFor(() => proxy.metrics().DatabaseConnectionsCurrentlySessionPinned === 0);
      },
    );

    it('pins on a binary-protocol prepared statement (execute)', async () => {
      const proxy = await proxyWith();
      const client = await fixture.connect(proxy);

      await client.execute('SELECT name FROM items WHERE id = ?', [1]);

      expect(proxy.metrics().DatabaseConnectionsCurrentlySessionPinned).toBe(1);
      expect(logLines).toEqual([expect.stringMatching(/Reason: prepared statement\.$/)]);
    });

    it('pins nothing under a plain SELECT / INSERT / transaction workload with tracked settings', async () => {
      const proxy = await proxyWith({ maxDbConnections: 2 });
      const clients = await Promise.all(Array.from({ length: 4 }, () => fixture.connect(proxy)));

      await Promise.all(
        clients.map(async (client, index) => {
          await client.query('SET NAMES utf8mb4');
          await client.query("SET time_zone = '+00:00'");
          await client.query('INSERT INTO items (name) VALUES (?)', [`plain-${index}`]);
          await client.query('SELECT id, name FROM items WHERE name = ?', [`plain-${index}`]);
          await client.beginTransaction();
          await client.query('UPDATE items SET name = ? WHERE name = ?', [`done-${index}`, `plain-${index}`]);
          await client.commit();
          await client.query('START TRANSACTION');
          await client.query('SELECT COUNT(*) FROM items -- GET_LOCK( in a comment, SET @x in a comment');
          await client.query("SELECT 'SET @x := 1; LOCK TABLES' AS text_only");
          await client.query('ROLLBACK');
        }),
      );

      expect(proxy.metrics().DatabaseConnectionsCurrentlySessionPinned).toBe(0);
      expect(logLines).toEqual([]);
    });

    it('keeps tracked settings per client instead of pinning: each sees its own time zone', async () => {
      const proxy = await proxyWith({ maxDbConnections: 1 });
      const east = await fixture.connect(proxy);
      const plain = await fixture.connect(proxy);

      await east.query("SET time_zone = '+05:00'");
      const [[eastZone]] = await east.query<[{ zone: string }] & never[]>('SELECT @@session.time_zone AS zone');
      const [[plainZone]] = await plain.query<[{ zone: string }] & never[]>('SELECT @@session.time_zone AS zone');
      const [[eastAgain]] = await east.query<[{ zone: string }] & never[]>('SELECT @@session.time_zone AS zone');

      expect([eastZone.zone, plainZone.zone, eastAgain.zone]).toEqual(['+05:00', 'SYSTEM', '+05:00']);
      expect(proxy.metrics().DatabaseConnectionsCurrentlySessionPinned).toBe(0);
    });
  });

  it('serves its metrics as one JSON object keyed by the CloudWatch names', async () => {
    const proxy = await proxyWith({ metrics: { host: '127.0.0.1', port: 0 } });
    const client = await fixture.connect(proxy);
    await client.query('SELECT 1');
    await client.query('SELECT 2');

    const response = await fetch(proxy.metricsUrl!);
    const body = (await response.json()) as Record<string, number>;

    expect(response.headers.get('content-type')).toBe('application/json');
    expect(body).toMatchObject({
      ClientConnections: 1,
      ClientConnectionsReceived: 1,
      ClientConnectionsSetupSucceeded: 1,
      ClientConnectionsSetupFailedAuth: 0,
      DatabaseConnections: 1,
      DatabaseConnectionsSetupSucceeded: 1,
      DatabaseConnectionsSetupFailed: 0,
      DatabaseConnectionsCurrentlySessionPinned: 0,
      QueryRequests: 2,
      MaxDatabaseConnectionsAllowed: 10,
    });
    expect(body.DatabaseConnectionsBorrowLatency).toBeGreaterThan(0);
    expect((await fetch(proxy.metricsUrl!.replace('/metrics', '/other'))).status).toBe(404);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
