import { createConnection } from 'mysql2/promise';
import { readFileSync } from 'node:fs';
import { createAppUser, startMariaDb, type MariaDbServer } from './mariadb';

describe('throwaway MariaDB', () => {
  let server: MariaDbServer;

  beforeAll(async () => {
    server = await startMariaDb();
  }, 60_000);

  afterAll(async () => {
    await server?.destroy();
  });

  it('serves TLS that verifies against its own CA', async () => {
    const connection = await createConnection({
      host: server.host,
      port: server.port,
      user: server.rootUser,
      password: server.rootPassword,
      ssl: { ca: readFileSync(server.caFile as string, 'utf8'), rejectUnauthorized: true },
    });
    const [rows] = await connection.query("SHOW SESSION STATUS LIKE 'Ssl_version'");
    await connection.end();
    expect((rows as Array<{ Value: string }>)[0].Value).toMatch(/^TLS/);
  });

  it('keeps committed rows across a SIGKILL and restart on the same data dir', async () => {
    await server.rootQuery('CREATE DATABASE IF NOT EXISTS durability');
    await server.rootQuery('CREATE TABLE IF NOT EXISTS durability.t (id INT PRIMARY KEY)');
    await server.rootQuery('INSERT INTO durability.t VALUES (1)');
    const pidBefore = server.pid;

    await server.kill();
    await expect(server.statusValue('Uptime')).rejects.toThrow();
    await server.start();

    expect(server.pid).not.toBe(pidBefore);
    expect(await server.rootQuery('SELECT id FROM durability.t')).toEqual([{ id: 1 }]);
  }, 60_000);

  it('creates an app user that may change data but not the schema', async () => {
    await createAppUser(server, { database: 'app', user: 'serverless', password: 'first-password' });
    const connection = await createConnection(
      server.url({ user: 'serverless', password: 'first-password', database: 'app' }),
    );
    try {
      await expect(connection.query('CREATE TABLE forbidden (id INT)')).rejects.toThrow(/denied/i);
      const [grants] = await connection.query('SHOW GRANTS');
      expect(JSON.stringify(grants)).toContain('SELECT, INSERT, UPDATE ON');
    } finally {
      await connection.end();
    }
  });

  it('counts connections in its status, so tests can prove connection reuse', async () => {
    const before = await server.statusValue('Connections');
    await server.rootQuery('SELECT 1');
    expect(await server.statusValue('Connections')).toBeGreaterThan(before);
  });
});
