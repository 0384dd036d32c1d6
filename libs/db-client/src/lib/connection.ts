import mysql from 'mysql2/promise';
import type { Connection } from 'mysql2/promise';
import type { Connection as DriverConnection } from 'mysql2';
import type { DbClientLogger, DbClientObserver, DbTlsConfig } from './config';
import type { CredentialSource, Credentials } from './credentials';
import { codeOf, isAccessDenied, toDbError } from './driver-errors';
import { DbAuthError, DbConfigError } from './errors';
import { QueryWatchdog } from './query-watchdog';
import { RefreshBackoff } from './refresh-backoff';
import { sslOptions } from './tls';

export interface ConnectionSettings {
  readonly credentials: CredentialSource;
  readonly host?: string;
  readonly port?: number;
  readonly database?: string;
  readonly tls: DbTlsConfig;
  readonly connectTimeoutMs: number;
  readonly queryTimeoutMs: number;
  readonly maxIdleMs: number;
  readonly logger: DbClientLogger;
  readonly observer?: DbClientObserver;
  readonly clock: () => number;
}

export interface LiveConnection {
  readonly connection: Connection;
  /**
   * The callback connection under `connection` (mysql2's promise wrapper keeps it as `.connection`, untyped).
   * Statements go through it so that one promise per statement carries both the answer and the watchdog's timeout,
   * instead of mysql2's promise wrapped in ours.
   */
  readonly driver: DriverConnection;
  readonly watchdog: QueryWatchdog;
  lastUsedAt: number;
  broken: boolean;
}

/**
 * Holds the one connection of this container. It is opened on first use (never at module load), replaced when it
 * broke or sat idle past the proxy's timeout, and rebuilt with fresh (then pending) credentials when refused.
 */
export class ConnectionHolder {
  private current?: LiveConnection;
  private opening?: Promise<LiveConnection>;
  private replaceReason: 'first' | 'lost' | 'idle' = 'first';
  private readonly backoff: RefreshBackoff;

  constructor(private readonly settings: ConnectionSettings) {
    this.backoff = new RefreshBackoff(settings.clock);
  }

  /** The open connection if it can be used as it is, without waiting: the warm path, with no promise to await. */
  ready(): LiveConnection | undefined {
    const live = this.current;
    if (live && !live.broken && this.settings.clock() - live.lastUsedAt <= this.settings.maxIdleMs) return live;
    return undefined;
  }

  async acquire(): Promise<LiveConnection> {
    const ready = this.ready();
    if (ready) return ready;
    const live = this.current;
    if (live) this.discard(live, live.broken ? 'lost' : 'idle');
    // Concurrent callers (local server, benchmarks) share one connect instead of racing to open several.
    this.opening ??= this.open().finally(() => (this.opening = undefined));
    return this.opening;
  }

  /** Drops a connection that failed, so the next acquire opens a new one. */
  discard(live: LiveConnection, reason: 'lost' | 'idle'): void {
    live.broken = true;
    live.watchdog.stop();
    if (this.current === live) {
      this.current = undefined;
      this.replaceReason = reason;
    }
    live.connection.destroy();
  }

  async close(): Promise<void> {
    const live = this.current;
    this.current = undefined;
    if (!live) return;
    live.watchdog.stop();
    if (!live.broken) await live.connection.end().catch(() => live.connection.destroy());
  }

  private async open(): Promise<LiveConnection> {
    const connection = await this.login().catch((error: unknown) => {
      throw toDbError(error, 'connect');
    });
    const live: LiveConnection = {
      connection,
      driver: (connection as unknown as { readonly connection: DriverConnection }).connection,
      // A statement still running on the server may answer late and desync the protocol: drop the connection.
      watchdog: new QueryWatchdog(this.settings.queryTimeoutMs, () => this.discard(live, 'lost')),
      lastUsedAt: this.settings.clock(),
      broken: false,
    };
    // Without an 'error' listener a server-side disconnect between invocations would crash the process.
    const markBroken = () => {
      live.broken = true;
    };
    connection.on('error', markBroken);
    connection.on('end', markBroken);
    this.settings.observer?.connectionOpened?.(this.replaceReason);
    this.current = live;
    return live;
  }

  /**
   * Cached credentials, then (rotation) fresh ones, then the rotation's pending version: each tried once. A source
   * that cannot refresh (fixed password) gets one attempt. When even fresh and pending credentials were refused,
   * forced refreshes back off (RefreshBackoff): meanwhile a login fails at once, with no fetch and no attempt.
   */
  private async login(): Promise<Connection> {
    const { credentials: source, observer } = this.settings;
    const waitMs = this.backoff.remainingMs();
    if (waitMs > 0) {
      observer?.credentialsRefreshSuppressed?.();
      throw new DbAuthError(
        `The database refused fresh credentials; the next refresh is allowed in ${Math.ceil(waitMs / 1000)} s`,
        'CREDENTIALS_REFUSED',
        waitMs,
      );
    }
    // After a refusal the cached value is the refused one: go straight to a fresh one.
    if (this.backoff.consecutiveRefusals === 0) {
      try {
        return this.accepted(await this.connect(await source.get(false)));
      } catch (error) {
        if (!isAccessDenied(error) || !source.refreshable) throw error;
      }
    }
    // Rotation: the cached secret (or token) is stale. Fetch a fresh one and retry exactly once.
    observer?.credentialsForcedRefresh?.();
    observer?.retried?.('access-denied');
    let fresh: Credentials;
    try {
      fresh = await source.get(true);
    } catch (error) {
      // The refresh itself failed (e.g. Secrets Manager unreachable): the same backoff keeps it from repeating.
      this.refused(codeOf(error) ?? (error as Error).name);
      throw error;
    }
    let refusal: unknown;
    try {
      return this.accepted(await this.connect(fresh));
    } catch (error) {
      if (!isAccessDenied(error)) throw error;
      refusal = error;
    }
    // Single-user rotation between setSecret and finishSecret: the DB already has the pending password.
    const pending = source.pending ? await source.pending(fresh) : undefined;
    if (pending) {
      try {
        const connection = await this.connect(pending);
        source.adopt?.(pending);
        return this.accepted(connection);
      } catch (error) {
        if (!isAccessDenied(error)) throw error;
        refusal = error;
      }
    }
    const code = codeOf(refusal);
    const retryInMs = this.refused(code);
    throw new DbAuthError(
      `The database refused fresh credentials (${code}); the next refresh is allowed in ${Math.ceil(retryInMs / 1000)} s`,
      code,
      retryInMs,
    );
  }

  private refused(errorCode: string | undefined): number {
    const retryInMs = this.backoff.refused();
    // Names and codes only: never a user name, password or token.
    this.settings.logger.warn('Forced credential refresh did not lead to a login; further refreshes back off', {
      errorCode,
      consecutiveRefusals: this.backoff.consecutiveRefusals,
      retryInMs,
    });
    return retryInMs;
  }

  private accepted(connection: Connection): Connection {
    const refusals = this.backoff.accepted();
    if (refusals > 0) {
      this.settings.logger.info('The database accepted the credentials again', { consecutiveRefusals: refusals });
    }
    return connection;
  }

  private async connect(credentials: Credentials): Promise<Connection> {
    const { settings } = this;
    const host = settings.host ?? credentials.host;
    if (!host) throw new DbConfigError('No database host: set DB_HOST or put "host" in the secret');
    const ssl = sslOptions(settings.tls);
    if (settings.credentials.needsCleartextPlugin && !ssl) {
      throw new DbConfigError('IAM authentication sends its token in cleartext and needs TLS: unset DB_TLS=disabled');
    }
    if (!ssl)
      settings.logger.warn('TLS is disabled for the database connection: use this for local servers only', { host });
    return mysql.createConnection({
      host,
      port: settings.port ?? credentials.port ?? 3306,
      user: credentials.user,
      password: credentials.password,
      database: settings.database ?? credentials.database,
      ssl,
      // RDS Proxy IAM auth uses mysql_clear_password, which mysql2 >= 3.22 refuses unless enabled; only with TLS.
      enableCleartextPlugin: settings.credentials.needsCleartextPlugin && ssl !== undefined,
      connectTimeout: settings.connectTimeoutMs,
      multipleStatements: false,
      // Interpret DATETIME values as UTC on the client; no session SET (it would pin the proxy session).
      timezone: 'Z',
      supportBigNumbers: true,
      // mysql2 captures a stack trace on every query for its own error messages; ours are rebuilt from codes
      // anyway, and the capture was the largest single cost of a warm invocation in the benchmark profile.
      trace: false,
    });
  }
}
