/**
 * Every statement the API runs against the app schema, in one place: the API (apps/api-lambda) runs them, and the
 * rotation Lambda proves the app user can still run each one before and after it changes the password. A route that
 * needs a new statement adds it here, so rotation checks it too.
 */
export interface AppStatement {
  /** What the statement is for, as a log or an error names it (never the SQL's values). */
  readonly purpose: string;
  readonly sql: string;
  /** Harmless parameters for a dry run (`EXPLAIN`), one per placeholder. */
  readonly sampleParams: readonly unknown[];
}

const HEARTBEAT_COLUMNS = 'run_id, seq, db_host, created_at';
const SAMPLE_RUN_ID = 'rotation-check';

export const APP_STATEMENTS = {
  // UTC_TIMESTAMP, not NOW(): the answer must not depend on the server's time zone.
  now: { purpose: 'read the time', sql: 'SELECT UTC_TIMESTAMP(3) AS now', sampleParams: [] },
  // ON DUPLICATE KEY UPDATE makes the write idempotent; MySQL and MariaDB check it against the UPDATE privilege.
  recordHeartbeat: {
    purpose: 'record a heartbeat',
    sql: `INSERT INTO heartbeats (run_id, seq, db_host, created_at) VALUES (?, ?, @@hostname, UTC_TIMESTAMP(3))
     ON DUPLICATE KEY UPDATE id = id`,
    sampleParams: [SAMPLE_RUN_ID, 0],
  },
  heartbeat: {
    purpose: 'read one heartbeat',
    sql: `SELECT ${HEARTBEAT_COLUMNS} FROM heartbeats WHERE run_id = ? AND seq = ?`,
    sampleParams: [SAMPLE_RUN_ID, 0],
  },
  runHeartbeats: {
    purpose: "list a run's heartbeats",
    sql: `SELECT ${HEARTBEAT_COLUMNS} FROM heartbeats WHERE run_id = ? ORDER BY seq DESC LIMIT ?`,
    sampleParams: [SAMPLE_RUN_ID, 1],
  },
  runHeartbeatsBefore: {
    purpose: "page through a run's heartbeats",
    sql: `SELECT ${HEARTBEAT_COLUMNS} FROM heartbeats WHERE run_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?`,
    sampleParams: [SAMPLE_RUN_ID, 1, 1],
  },
  latestHeartbeats: {
    purpose: 'list the newest heartbeats',
    sql: `SELECT ${HEARTBEAT_COLUMNS} FROM heartbeats ORDER BY id DESC LIMIT ?`,
    sampleParams: [1],
  },
} as const satisfies Record<string, AppStatement>;
