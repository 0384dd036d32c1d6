import { createDbClient, dbClientConfigFromUrl, DbQueryError, type DbClient } from '@rds-platform/db-client';
import { startMariaDb, type MariaDbServer } from '@rds-platform/testing/mariadb';
import { migrations, runMigrations } from './index';

jest.setTimeout(60_000);

let server: MariaDbServer;
const clients: DbClient[] = [];

beforeAll(async () => {
  server = await startMariaDb({ tls: false });
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await server?.destroy();
});

async function freshDatabase(name: string) {
  await server.rootQuery(`CREATE DATABASE ${name}`);
  const config = dbClientConfigFromUrl(server.url({ database: name }), { tls: { mode: 'disabled' } });
  // Quiet: TLS is off on purpose here, and the client would say so on every connection.
  const db = createDbClient({ ...config, logger: { warn: () => undefined, info: () => undefined } });
  clients.push(db);
  const query = (sql: string, params?: readonly unknown[]) => db.query(sql, params);
  const insert = (runId: string, seq: number) =>
    db.query(
      "INSERT INTO heartbeats (run_id, seq, db_host, created_at) VALUES (?, ?, 'db-1', '2026-01-02 03:04:05.678')",
      [runId, seq],
    );
  return { db, query, insert };
}

describe('runMigrations', () => {
  it('creates the heartbeat table once and records it, applying nothing on a second run', async () => {
    const { query } = await freshDatabase('app');

    const first = await runMigrations(query);
    const second = await runMigrations(query);

    expect(first).toEqual(['001_heartbeats', '002_heartbeats_run_id_bytes']);
    expect(second).toEqual([]);
    const columns = await server.rootQuery<{ COLUMN_NAME: string; DATA_TYPE: string }>(
      "SELECT COLUMN_NAME, DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'app' AND TABLE_NAME = 'heartbeats' ORDER BY ORDINAL_POSITION",
    );
    expect(columns.map((column) => column.COLUMN_NAME)).toEqual(['id', 'run_id', 'seq', 'db_host', 'created_at']);
    expect(columns[1].DATA_TYPE).toBe('varbinary');
  });
});

describe('002: run_id compares bytes', () => {
  // Old rows a table made by 001 may hold: mixed case, accents, 64 four-byte characters (256 bytes).
  const legacyRunIds = ['CaseRun', 'café', 'a\u0301-combining', '😀'.repeat(64), 'ends-here'];

  it('upgrades a table made by 001 in place: every row kept byte for byte, ids, seqs and times unchanged', async () => {
    const { query, insert } = await freshDatabase('legacy');
    await runMigrations(query, [migrations[0]]);
    for (const [seq, runId] of legacyRunIds.entries()) await insert(runId, seq);
    // What 001 did: case folded and trailing spaces ignored, so these collide with existing rows.
    expect(await insert('caserun', 0).catch((e: unknown) => e)).toBeInstanceOf(DbQueryError);
    expect(await insert('ends-here ', 4).catch((e: unknown) => e)).toBeInstanceOf(DbQueryError);
    const snapshot = 'SELECT id, HEX(run_id) AS hex, seq, db_host, created_at FROM legacy.heartbeats ORDER BY id';
    const before = await server.rootQuery(snapshot);

    const applied = await runMigrations(query);

    expect(applied).toEqual(['002_heartbeats_run_id_bytes']);
    expect(await server.rootQuery(snapshot)).toEqual(before);
    expect(before.map((row) => Buffer.from(row.hex as string, 'hex').toString('utf8'))).toEqual(legacyRunIds);
  });

  it('keeps case, accents and trailing spaces apart, in the unique key and in lookups', async () => {
    const { db, query, insert } = await freshDatabase('exact');
    await runMigrations(query);

    for (const runId of ['CaseRun', 'caserun', 'cafe', 'café', 'trail', 'trail ', 'trail  ']) await insert(runId, 1);
    const lookup = async (runId: string) =>
      (await db.query<{ run_id: Buffer }[]>('SELECT run_id FROM heartbeats WHERE run_id = ?', [runId])).map((row) =>
        row.run_id.toString('utf8'),
      );

    expect(await lookup('caserun')).toEqual(['caserun']);
    expect(await lookup('CASERUN')).toEqual([]);
    expect(await lookup('cafe')).toEqual(['cafe']);
    expect(await lookup('trail')).toEqual(['trail']);
    expect(await lookup('trail ')).toEqual(['trail ']);
    // (run_id, seq) still makes writes idempotent.
    expect(await insert('trail ', 1).catch((e: unknown) => e)).toBeInstanceOf(DbQueryError);
  });

  it('is safe to apply again (a run interrupted before its record converges)', async () => {
    const { query, insert } = await freshDatabase('again');
    await runMigrations(query);
    await insert('kept', 1);

    await query(
      migrations[1].sql
        .replace(/^--.*$/gm, '')
        .trim()
        .replace(/;$/, ''),
    );

    expect(await server.rootQuery('SELECT run_id FROM again.heartbeats')).toEqual([{ run_id: Buffer.from('kept') }]);
  });
});
