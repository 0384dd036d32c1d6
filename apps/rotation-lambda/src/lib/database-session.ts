import { createConnection, type Connection } from 'mysql2/promise';
import { DatabaseOperationError } from './errors';
import { tlsOptionsFromEnv } from './database-tls';

export interface LoginTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database?: string;
}

const CONNECT_TIMEOUT_MS = 5_000;
const REFUSED_LOGIN_CODES = new Set(['ER_ACCESS_DENIED_ERROR', 'ER_DBACCESS_DENIED_ERROR']);

interface DriverError {
  code?: string;
  errno?: number;
}

function driverCode(error: unknown): string {
  const { code, errno } = (error ?? {}) as DriverError;
  return code ?? (errno === undefined ? 'UNKNOWN' : `errno ${errno}`);
}

/**
 * One short session straight to the DB instance over verified TLS, never through the proxy: rotation must change
 * the password where it lives, and the proxy would itself log in with the secret being rotated.
 */
export class DatabaseSession {
  private constructor(private readonly connection: Connection) {}

  /** Opens a session, or returns undefined when the server refuses these credentials. Other failures throw. */
  static async tryLogin(target: LoginTarget): Promise<DatabaseSession | undefined> {
    try {
      const connection = await createConnection({
        host: target.host,
        port: target.port,
        user: target.user,
        password: target.password,
        database: target.database,
        ssl: tlsOptionsFromEnv(),
        connectTimeout: CONNECT_TIMEOUT_MS,
        multipleStatements: false,
      });
      return new DatabaseSession(connection);
    } catch (error) {
      const code = driverCode(error);
      if (REFUSED_LOGIN_CODES.has(code)) return undefined;
      throw new DatabaseOperationError(
        `Could not connect to ${target.host}:${target.port} as ${target.user} (${code}).`,
        code,
      );
    }
  }

  static async login(target: LoginTarget): Promise<DatabaseSession> {
    const session = await DatabaseSession.tryLogin(target);
    if (!session) {
      throw new DatabaseOperationError(`${target.host}:${target.port} refused the login of ${target.user}.`);
    }
    return session;
  }

  /** Runs one statement. On failure the error names `purpose` and the driver code only: never SQL or parameters. */
  async run<T = Record<string, unknown>>(purpose: string, sql: string, params: unknown[] = []): Promise<T[]> {
    try {
      const [rows] = await this.connection.query(sql, params);
      return rows as T[];
    } catch (error) {
      const code = driverCode(error);
      throw new DatabaseOperationError(`Could not ${purpose} (${code}).`, code);
    }
  }

  async close(): Promise<void> {
    await this.connection.end().catch(() => this.connection.destroy());
  }
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
