import { requireInteger, requireThat } from './config-error';
import type { AuthMode, EnvironmentConfig } from './environment-config';

/**
 * What one Secrets Manager read may take, all SDK attempts included: db-client's Secrets Manager client is bounded
 * to this (connection and request timeouts, attempts), so an unreachable endpoint becomes a 503, not a timeout.
 */
export const SECRET_FETCH_BOUND_MS = 2000;

/** The handler's own work around the database calls: routing, JSON, the log and metrics lines. */
export const HANDLER_MARGIN_MS = 1000;

/** Bounds db-client's env parser accepts for DB_CONNECT_TIMEOUT_MS and DB_QUERY_TIMEOUT_MS. */
const CONNECT_TIMEOUT_RANGE_MS = [100, 60_000] as const;
const QUERY_TIMEOUT_RANGE_MS = [100, 900_000] as const;

export interface DbPathBudget {
  readonly secretFetches: number;
  readonly connects: number;
  readonly statements: number;
  readonly totalMs: number;
}

/**
 * The slowest path one API invocation can take through db-client, each step running into its own timeout: a cold
 * POST /heartbeats. Login with the cached credentials (secret mode: the first fetch) is refused (rotation), so
 * db-client fetches AWSCURRENT afresh and connects again; refused again, it fetches AWSPENDING and connects a third
 * time. Then the INSERT and the SELECT, each bounded by the query timeout. IAM mode signs its token locally (no
 * fetch) and has no pending version: two connects. Not counted: a lost connection under a statement, which adds a
 * reconnect and a repeat (a failover in the same invocation, after the refusals).
 */
export function worstCaseDbPath(
  authMode: AuthMode,
  lambda: Pick<EnvironmentConfig['lambda'], 'dbConnectTimeoutMs' | 'dbQueryTimeoutMs'>,
): DbPathBudget {
  const secretFetches = authMode === 'secret' ? 3 : 0;
  const connects = authMode === 'secret' ? 3 : 2;
  const statements = 2;
  const totalMs =
    secretFetches * SECRET_FETCH_BOUND_MS +
    connects * lambda.dbConnectTimeoutMs +
    statements * lambda.dbQueryTimeoutMs +
    HANDLER_MARGIN_MS;
  return { secretFetches, connects, statements, totalMs };
}

/** The database timeouts are valid for db-client, and their worst case ends before the Lambda timeout. */
export function validateTimeBudget(config: EnvironmentConfig): void {
  const { lambda } = config;
  requireInteger(lambda.dbConnectTimeoutMs, 'lambda.dbConnectTimeoutMs', ...CONNECT_TIMEOUT_RANGE_MS);
  requireInteger(lambda.dbQueryTimeoutMs, 'lambda.dbQueryTimeoutMs', ...QUERY_TIMEOUT_RANGE_MS);
  const path = worstCaseDbPath(config.authMode, lambda);
  const fetches = path.secretFetches ? `${path.secretFetches} secret fetches x ${SECRET_FETCH_BOUND_MS} ms + ` : '';
  requireThat(
    path.totalMs <= lambda.timeoutSeconds * 1000,
    'lambda.timeoutSeconds',
    `(${lambda.timeoutSeconds}) is shorter than the worst database path of a cold POST in ${config.authMode} mode: ` +
      `${fetches}${path.connects} connects x lambda.dbConnectTimeoutMs (${lambda.dbConnectTimeoutMs}) + ` +
      `${path.statements} statements x lambda.dbQueryTimeoutMs (${lambda.dbQueryTimeoutMs}) + ${HANDLER_MARGIN_MS} ms ` +
      `margin = ${path.totalMs} ms; raise it to ${Math.ceil(path.totalMs / 1000)} or lower those timeouts, or ` +
      'the function times out instead of answering 503.',
  );
}
