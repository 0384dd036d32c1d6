/**
 * @rds-platform/db: the schema as ordered SQL migrations, and a runner that applies the missing ones.
 */
import heartbeats from '../migrations/001_heartbeats.sql';
import heartbeatsRunIdBytes from '../migrations/002_heartbeats_run_id_bytes.sql';

export { APP_STATEMENTS, type AppStatement } from './app-statements';
export { isValidRunId, MAX_RUN_ID_LENGTH, RUN_ID_PATTERN, RUN_ID_RULE } from './run-id';

export interface Migration {
  /** Sortable id, the file name without `.sql`, recorded in `schema_migrations`. */
  readonly version: string;
  readonly sql: string;
}

/** Every migration, oldest first. Add new files here; never edit one that has shipped. */
export const migrations: readonly Migration[] = [
  { version: '001_heartbeats', sql: heartbeats },
  { version: '002_heartbeats_run_id_bytes', sql: heartbeatsRunIdBytes },
];

/** Runs one SQL statement; `createDbClient(...).query` fits. */
export type QueryFunction = (sql: string, params?: readonly unknown[]) => Promise<unknown>;

const CREATE_LEDGER = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version VARCHAR(255) NOT NULL PRIMARY KEY,
  applied_at DATETIME(3) NOT NULL
) ENGINE=InnoDB`;

/**
 * Splits a migration file into statements (the client never enables multi-statements). Statements end with `;` at
 * the end of a line; `--` comment lines are dropped.
 */
export function statementsOf(sql: string): string[] {
  return sql
    .split('\n')
    .filter((line) => !/^\s*--/.test(line))
    .join('\n')
    .split(/;\s*$/m)
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}

/**
 * Applies every migration not yet recorded in `schema_migrations`, in order, and records it. Idempotent: a second
 * run applies nothing. Migrations are written with IF NOT EXISTS, so a run interrupted between a migration and its
 * record converges on the next run. Returns the versions applied by this run. Works on MySQL 8 and MariaDB.
 *
 * The connecting user needs CREATE (and ALTER for later migrations) on the schema: run it as an admin user, not
 * the Lambda's DML-only user.
 *
 * @example
 * const db = createDbClient(dbClientConfigFromUrl(process.env.MYSQL_URL!));
 * const applied = await runMigrations((sql, params) => db.query(sql, params));
 * await db.close();
 */
export async function runMigrations(
  query: QueryFunction,
  toApply: readonly Migration[] = migrations,
): Promise<string[]> {
  await query(CREATE_LEDGER);
  const rows = (await query('SELECT version FROM schema_migrations')) as { version: string }[];
  const done = new Set(rows.map((row) => row.version));
  const applied: string[] = [];
  for (const migration of toApply) {
    if (done.has(migration.version)) continue;
    for (const statement of statementsOf(migration.sql)) await query(statement);
    await query('INSERT IGNORE INTO schema_migrations (version, applied_at) VALUES (?, UTC_TIMESTAMP(3))', [
      migration.version,
    ]);
    applied.push(migration.version);
  }
  return applied;
}
