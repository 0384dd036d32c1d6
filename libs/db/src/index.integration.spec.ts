import { createDbClient, dbClientConfigFromUrl } from '@rds-platform/db-client';
import { startMariaDb, type MariaDbServer } from '@rds-platform/testing/mariadb';
import { runMigrations } from './index';

jest.setTimeout(60_000);

let server: MariaDbServer;

beforeAll(async () => {
  server = await startMariaDb({ tls: false });
  await server.rootQuery('CREATE DATABASE app');
});

afterAll(async () => {
  await server?.destroy();
});

describe('runMigrations', () => {
  it('creates the heartbeat table once and records it, applying nothing on a second run', async () => {
    const db = createDbClient(dbClientConfigFromUrl(server.url({ database: 'app' }), { tls: { mode: 'disabled' } }));
    const query = (sql: string, params?: readonly unknown[]) => db.query(sql, params);

    const first = await runMigrations(query);
    const second = await runMigrations(query);
    await db.close();

    expect(first).toEqual(['001_heartbeats']);
    expect(second).toEqual([]);
    const columns = await server.rootQuery<{ COLUMN_NAME: string }>(
      "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'app' AND TABLE_NAME = 'heartbeats' ORDER BY ORDINAL_POSITION",
    );
    expect(columns.map((column) => column.COLUMN_NAME)).toEqual(['id', 'run_id', 'seq', 'db_host', 'created_at']);
  });
});
