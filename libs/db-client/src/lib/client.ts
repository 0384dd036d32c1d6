import type { DbClientConfig } from './config';
import { DEFAULTS } from './config';
import { ConnectionHolder, type LiveConnection } from './connection';
import { StaticCredentialSource, type CredentialSource } from './credentials';
import { isConnectionLost, toDbError } from './driver-errors';
import { DbConfigError, DbUnavailableError } from './errors';
import { IamCredentialSource } from './iam-credentials';
import { SecretCredentialSource } from './secret-credentials';

/** Result of INSERT/UPDATE/DELETE. SELECT returns an array of rows instead. */
export interface WriteResult {
  readonly affectedRows: number;
  readonly insertId: number;
}

export interface QueryOptions {
  /**
   * The statement may safely run twice (e.g. `INSERT … ON DUPLICATE KEY UPDATE id = id`), so a lost connection
   * retries it once like a read. A plain write is never retried: whether it committed is unknown.
   * @default false
   */
  readonly idempotent?: boolean;
}

export interface DbClient {
  /**
   * Runs one statement with `?` placeholders (text protocol: prepared statements would pin RDS Proxy sessions).
   * A read (or a write marked idempotent) that hits a lost connection outside a transaction is retried once on a
   * new connection.
   *
   * @example
   * const rows = await db.query<{ now: Date }[]>('SELECT UTC_TIMESTAMP(3) AS now');
   * await db.query('INSERT INTO t (k) VALUES (?) ON DUPLICATE KEY UPDATE k = k', ['a'], { idempotent: true });
   */
  query<T = Record<string, unknown>[]>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<T>;
  /** Closes the connection. The client stays usable: the next query opens a new one. */
  close(): Promise<void>;
}

/** Internal knobs for tests (a fake clock); not part of the public API. */
export interface InternalOptions {
  readonly clock?: () => number;
}

const READ_ONLY = /^\s*(select|show|describe|desc|explain)\b/i;
const LOCKING_READ = /\bfor\s+update\b|\block\s+in\s+share\s+mode\b|\bfor\s+share\b/i;
const TRANSACTION_START = /^\s*(start\s+transaction|begin)\b/i;
const TRANSACTION_END = /^\s*(commit|rollback)\b/i;
/** The default options, shared: most calls pass none, and a new `{}` per call is garbage on the warm path. */
const NO_OPTIONS: QueryOptions = Object.freeze({});

function credentialSource(config: DbClientConfig, clock: () => number): CredentialSource {
  const logger = config.logger ?? console;
  const { auth } = config;
  switch (auth.mode) {
    case 'secret':
      if (!auth.secretId) throw new DbConfigError('The secret id (DB_SECRET_ARN) is empty');
      return new SecretCredentialSource({
        secretId: auth.secretId,
        cacheTtlSeconds: auth.cacheTtlSeconds ?? DEFAULTS.cacheTtlSeconds,
        client: auth.secretsManagerClient,
        logger,
        observer: config.observer,
        clock,
      });
    case 'iam':
      if (!config.host) throw new DbConfigError('IAM authentication needs the host it signs for (DB_HOST)');
      return new IamCredentialSource({
        host: config.host,
        port: config.port ?? DEFAULTS.port,
        user: auth.user,
        region: auth.region,
        clock,
      });
    case 'password':
      return new StaticCredentialSource({ user: auth.user, password: auth.password });
  }
}

export function createDbClientWith(config: DbClientConfig, internal: InternalOptions = {}): DbClient {
  const clock = internal.clock ?? Date.now;
  const queryTimeoutMs = config.queryTimeoutMs ?? DEFAULTS.queryTimeoutMs;
  const observer = config.observer;
  const holder = new ConnectionHolder({
    credentials: credentialSource(config, clock),
    host: config.host,
    port: config.port,
    database: config.database,
    tls: config.tls,
    connectTimeoutMs: config.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs,
    queryTimeoutMs,
    maxIdleMs:
      ((config.proxyIdleTimeoutSeconds ?? DEFAULTS.proxyIdleTimeoutSeconds) - DEFAULTS.idleMarginSeconds) * 1000,
    logger: config.logger ?? console,
    observer,
    clock,
  });
  // A transaction lives and dies with its connection; reads inside one are never retried elsewhere.
  let transactionConnection: LiveConnection | undefined;

  /**
   * One statement on one connection, as a single promise: the driver's callback settles it, or the watchdog fails it
   * when the statement overruns (the connection is then discarded). This is the warm path of every invocation, so
   * it makes one promise and reads the clock twice; mysql2's promise API wrapped in a watchdog promise made two
   * promises, four closures and a result array per statement.
   */
  function statement(live: LiveConnection, sql: string, params: readonly unknown[] | undefined): Promise<unknown> {
    const startedAt = performance.now();
    return new Promise<unknown>((resolve, reject) => {
      let settled = false;
      const settle = (error: unknown, rows?: unknown) => {
        // The driver may still answer after the watchdog failed the statement: that answer is dropped.
        if (settled) return;
        settled = true;
        live.watchdog.done(watched);
        if (error) {
          if ((error as { fatal?: boolean }).fatal || isConnectionLost(error)) holder.discard(live, 'lost');
          observer?.queryCompleted?.(performance.now() - startedAt);
          reject(error);
        } else {
          live.lastUsedAt = clock();
          observer?.queryCompleted?.(performance.now() - startedAt);
          resolve(rows);
        }
      };
      const watched = live.watchdog.start(startedAt, settle);
      // The calls mysql2's promise `query` makes (with trace: false it passes errors through unchanged).
      try {
        if (params !== undefined) live.driver.query(sql, params as unknown[], settle);
        else live.driver.query(sql, settle);
      } catch (error) {
        settle(error);
      }
    });
  }

  /** A read (or a write marked idempotent) may run again on a new connection: outside a transaction only. */
  const safeToRepeat = (sql: string, options: QueryOptions) =>
    options.idempotent === true || (READ_ONLY.test(sql) && !LOCKING_READ.test(sql));

  return {
    async query<T>(sql: string, params?: readonly unknown[], options: QueryOptions = NO_OPTIONS): Promise<T> {
      if (transactionConnection?.broken) {
        transactionConnection = undefined;
        // Silently continuing on a new connection would run the rest of the transaction outside it.
        throw new DbUnavailableError('The connection holding the open transaction was lost; the transaction is gone');
      }
      // Warm: the open connection, without awaiting an acquire (each await is a microtask on every invocation).
      let live = holder.ready() ?? (await holder.acquire());
      const inTransaction = transactionConnection === live;
      let result: unknown;
      try {
        result = await statement(live, sql, params);
      } catch (error) {
        // This statement's error already tells the caller the transaction is gone.
        if (live.broken && transactionConnection === live) transactionConnection = undefined;
        // Classified only now: the statement's text decides nothing on the path that succeeded.
        const retryable = !inTransaction && safeToRepeat(sql, options);
        if (!(retryable && isConnectionLost(error))) throw toDbError(error, 'query');
        observer?.retried?.('connection-lost');
        try {
          live = await holder.acquire();
          result = await statement(live, sql, params);
        } catch (retryError) {
          throw toDbError(retryError, 'query');
        }
      }
      if (TRANSACTION_START.test(sql)) transactionConnection = live;
      if (TRANSACTION_END.test(sql)) transactionConnection = undefined;
      return result as T;
    },
    close: () => holder.close(),
  };
}
