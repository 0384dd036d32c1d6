import {
  createDbClient,
  DbAuthError,
  DbError,
  dbTlsConfigFromEnv,
  DbUnavailableError,
  type DbClient,
  RDS_INSTANCE_ROOTS,
} from '@rds-platform/db-client';
import { DatabaseOperationError } from './errors';
import { logger } from './logger';

export interface LoginTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database?: string;
}

const CONNECT_TIMEOUT_MS = 5_000;

/**
 * One short session straight to the DB instance, never through the proxy: rotation must change the password where
 * it lives, and the proxy itself logs in with the secret being rotated. TLS follows the runtime's rules
 * (`DB_TLS` / `DB_TLS_CA_FILE`, else the verified RDS roots) because the session is a db-client with fixed
 * credentials, which also keeps SQL and passwords out of every error.
 */
export class DatabaseSession {
  private constructor(
    private readonly client: DbClient,
    /**
     * Set when the password was accepted but the user may not use the target's database (the server's code): the
     * session is then open without a default database, enough to change the password back, not to run the app.
     */
    readonly schemaRefused?: string,
  ) {}

  /**
   * Opens a session, or returns undefined when the server refuses the password. A user whose password is right but
   * who may not use the database still gets a session (see `schemaRefused`): a wrong password and missing rights need
   * different repairs. Other failures throw.
   */
  static async tryLogin(target: LoginTarget): Promise<DatabaseSession | undefined> {
    try {
      return await DatabaseSession.open(target);
    } catch (error) {
      if (!(error instanceof DbAuthError)) throw error;
      if (error.code !== 'ER_DBACCESS_DENIED_ERROR' || target.database === undefined) return undefined;
      return DatabaseSession.open({ ...target, database: undefined }, error.code).catch((retry: unknown) => {
        if (retry instanceof DbAuthError) return undefined;
        throw retry;
      });
    }
  }

  private static async open(target: LoginTarget, schemaRefused?: string): Promise<DatabaseSession> {
    const client = createDbClient({
      auth: { mode: 'password', user: target.user, password: target.password },
      host: target.host,
      port: target.port,
      database: target.database,
      // The secret's host is the DB instance (never the proxy), signed by the CA infra pins it to: the bundle carries
      // only that CA's roots (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html).
      tls: dbTlsConfigFromEnv(process.env, RDS_INSTANCE_ROOTS) ?? { mode: 'verify', roots: RDS_INSTANCE_ROOTS },
      connectTimeoutMs: CONNECT_TIMEOUT_MS,
      queryTimeoutMs: 60_000,
      logger,
    });
    try {
      await client.query('SELECT 1');
      return new DatabaseSession(client, schemaRefused);
    } catch (error) {
      await client.close();
      if (error instanceof DbAuthError) throw error;
      throw asOperationError(`connect to ${target.host}:${target.port} as ${target.user}`, error);
    }
  }

  static async login(target: LoginTarget): Promise<DatabaseSession> {
    const session = await DatabaseSession.tryLogin(target);
    if (!session) {
      throw new DatabaseOperationError(`${target.host}:${target.port} refused the login of ${target.user}.`);
    }
    return session;
  }

  /** Runs one statement; a failure names `purpose` and the server's code only. */
  async run<T = Record<string, unknown>>(purpose: string, sql: string, params: unknown[] = []): Promise<T[]> {
    try {
      return await this.client.query<T[]>(sql, params);
    } catch (error) {
      throw asOperationError(purpose, error);
    }
  }

  /** The session as the `(sql, params) => rows` function libs/db's migration runner takes. */
  readonly query = (sql: string, params?: readonly unknown[]): Promise<unknown> => this.client.query(sql, params);

  async close(): Promise<void> {
    await this.client.close();
  }
}

// db-client errors are built from codes and safe names; anything else is reduced to its code.
function asOperationError(purpose: string, error: unknown): DatabaseOperationError {
  if (error instanceof DbError) {
    return new DatabaseOperationError(
      `Could not ${purpose}: ${error.message}.`,
      error.code,
      error instanceof DbUnavailableError || undefined,
    );
  }
  const code = (error as { code?: string })?.code ?? 'unknown';
  return new DatabaseOperationError(`Could not ${purpose} (${code}).`, code);
}

/** Opens a session, hands it to `work`, and always closes it. */
export async function withSession<T>(target: LoginTarget, work: (session: DatabaseSession) => Promise<T>): Promise<T> {
  const session = await DatabaseSession.login(target);
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}
