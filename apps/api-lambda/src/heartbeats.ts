import type { DbClient } from '@rds-platform/db-client';
import { APP_STATEMENTS, isValidRunId, RUN_ID_RULE } from '@rds-platform/db';
import { invalidField, isoTimestamp } from './http';

export interface Heartbeat {
  readonly runId: string;
  readonly seq: number;
  /** `@@hostname` of the server that stored the row: a failover shows up as a new value. */
  readonly dbHost: string;
  readonly createdAt: string;
}

interface HeartbeatRow {
  /** VARBINARY since migration 002: mysql2 hands binary strings back as a Buffer. */
  run_id: Buffer | string;
  seq: number | string;
  db_host: string;
  created_at: Date;
}

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 1000;

function toHeartbeat(row: HeartbeatRow): Heartbeat {
  const runId = Buffer.isBuffer(row.run_id) ? row.run_id.toString('utf8') : row.run_id;
  return { runId, seq: Number(row.seq), dbHost: row.db_host, createdAt: isoTimestamp(row.created_at) };
}

/** The failover meter's rule (libs/db run-id.ts): exact, ASCII, so `caserun`, `CaseRun` and `caserun ` are three runs. */
function validRunId(value: unknown, field: string): string {
  if (!isValidRunId(value)) throw invalidField(field, `must be ${RUN_ID_RULE}`);
  return value;
}

export function parseNewHeartbeat(body: unknown): { runId: string; seq: number } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidField('body', 'must be a JSON object like {"runId": "...", "seq": 0}');
  }
  const { runId, seq } = body as Record<string, unknown>;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) {
    throw invalidField('seq', 'must be a non-negative integer');
  }
  return { runId: validRunId(runId, 'runId'), seq };
}

export interface ListQuery {
  readonly runId?: string;
  readonly limit: number;
  /** Only rows of the run with a smaller seq: the next page after a full one (pass its smallest seq). */
  readonly beforeSeq?: number;
}

/**
 * API Gateway (payload 2.0) joins a repeated query parameter's values with commas
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html), so
 * `runId=a&runId=b` arrives as `a,b`: say it was repeated instead of calling the joined value malformed.
 */
function refuseRepeats(rawQueryString: string | undefined): void {
  const params = new URLSearchParams(rawQueryString ?? '');
  for (const name of ['runId', 'limit', 'beforeSeq']) {
    if (params.getAll(name).length > 1) throw invalidField(name, 'is given more than once: give it once');
  }
}

export function parseListQuery(query: Record<string, string | undefined> = {}, rawQueryString?: string): ListQuery {
  refuseRepeats(rawQueryString);
  const runId = query['runId'] === undefined ? undefined : validRunId(query['runId'], 'runId');
  const rawLimit = query['limit'] ?? String(DEFAULT_LIMIT);
  const limit = Number(rawLimit);
  if (!/^\d+$/.test(rawLimit) || limit < 1 || limit > MAX_LIMIT) {
    throw invalidField('limit', `must be an integer from 1 to ${MAX_LIMIT}`);
  }
  const rawBeforeSeq = query['beforeSeq'];
  if (rawBeforeSeq === undefined) return { runId, limit };
  const beforeSeq = Number(rawBeforeSeq);
  if (!/^\d+$/.test(rawBeforeSeq) || !Number.isSafeInteger(beforeSeq)) {
    throw invalidField('beforeSeq', 'must be a non-negative integer');
  }
  // seqs are only ordered within one run.
  if (runId === undefined) throw invalidField('beforeSeq', 'needs runId');
  return { runId, limit, beforeSeq };
}

/**
 * Stores a heartbeat once per (runId, seq) and returns the stored row. A repeated call returns the first row
 * unchanged, so a client may retry a write whose answer it lost.
 */
export async function recordHeartbeat(db: DbClient, runId: string, seq: number): Promise<Heartbeat> {
  await db.query(
    APP_STATEMENTS.recordHeartbeat.sql,
    [runId, seq],
    // Repeating it stores nothing twice, so a connection lost under it (a proxy or DB failover) is retried.
    { idempotent: true },
  );
  const [row] = await db.query<HeartbeatRow[]>(APP_STATEMENTS.heartbeat.sql, [runId, seq]);
  return toHeartbeat(row);
}

/** The newest heartbeats, of one run (optionally below a seq, served by the (run_id, seq) key) or of all. */
export async function listHeartbeats(db: DbClient, { runId, limit, beforeSeq }: ListQuery): Promise<Heartbeat[]> {
  const rows = !runId
    ? await db.query<HeartbeatRow[]>(APP_STATEMENTS.latestHeartbeats.sql, [limit])
    : beforeSeq === undefined
      ? await db.query<HeartbeatRow[]>(APP_STATEMENTS.runHeartbeats.sql, [runId, limit])
      : await db.query<HeartbeatRow[]>(APP_STATEMENTS.runHeartbeatsBefore.sql, [runId, beforeSeq, limit]);
  return rows.map(toHeartbeat);
}
