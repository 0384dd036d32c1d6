import {
  createDbClient,
  DbQueryError,
  type DbClient,
  type DbClientConfig,
  type DbClientLogger,
} from '@rds-platform/db-client';
import { runMigrations } from '@rds-platform/db';
import type { HeartbeatRow } from '../report/attempt';
import type { HeartbeatTarget } from './heartbeat-target';

export interface DatabaseTargetOptions {
  readonly config: DbClientConfig;
  /** Names the database for the report; never contains a credential. */
  readonly description: string;
  /** Bounds each connect and statement, so an attempt never outlives the meter's timeout. */
  readonly timeoutMs: number;
  readonly logger: DbClientLogger;
}

const MAX_CONNECT_TIMEOUT_MS = 3000;

/**
 * Heartbeats straight at the DB or the proxy through the same db-client the Lambda uses. The heartbeats table
 * comes from the libs/db migrations and is created when missing, as the seed's setup script does.
 */
export async function createDatabaseTarget(options: DatabaseTargetOptions): Promise<HeartbeatTarget> {
  const db = createDbClient({
    ...options.config,
    logger: options.logger,
    queryTimeoutMs: options.timeoutMs,
    connectTimeoutMs: Math.min(options.timeoutMs, MAX_CONNECT_TIMEOUT_MS),
  });
  try {
    await ensureHeartbeatTable(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return {
    description: options.description,
    async write(runId, seq) {
      // Host first, so that the INSERT is the last step and its success is exactly the acknowledgement.
      const [row] = await db.query<{ host: string }[]>('SELECT @@hostname AS host');
      await db.query(
        'INSERT INTO heartbeats (run_id, seq, db_host, created_at) VALUES (?, ?, @@hostname, UTC_TIMESTAMP(3))',
        [runId, seq],
      );
      return { host: row?.host };
    },
    async readBack(runId) {
      // db-client reads DATETIME as UTC, so the Date converts to the same ISO form the API answers with.
      const rows = await db.query<{ seq: number | string; db_host: string; created_at: Date }[]>(
        'SELECT seq, db_host, created_at FROM heartbeats WHERE run_id = ? ORDER BY seq',
        [runId],
      );
      return rows.map((row): HeartbeatRow => ({
        seq: Number(row.seq),
        host: row.db_host,
        createdAt: row.created_at.toISOString(),
      }));
    },
    close: () => db.close(),
  };
}

async function ensureHeartbeatTable(db: DbClient): Promise<void> {
  const [schema] = await db.query<{ name: string | null }[]>('SELECT DATABASE() AS name');
  if (!schema?.name) {
    throw new Error('no database selected: name one in the URL path (mysql://.../app) or in the secret (dbname)');
  }
  const [table] = await db.query<{ found: number }[]>(
    "SELECT COUNT(*) AS found FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'heartbeats'",
  );
  if (Number(table?.found) > 0) return;
  try {
    await runMigrations((sql, params) => db.query(sql, params));
  } catch (error) {
    if (error instanceof DbQueryError) {
      throw new Error(
        `the heartbeats table is missing in ${schema.name} and could not be created (${error.message}): ` +
          'run `npx nx run db:migrate` as an admin user, or point the meter at one',
      );
    }
    throw error;
  }
}
