// Shared by the db-client specs: a TLS MariaDB with a DML-only app user, and a Secrets Manager stand-in holding
// that user's secret, with the SDK pointed at it through its standard environment variables.
import { createAppUser, startMariaDb, type MariaDbServer } from '@rds-platform/testing/mariadb';
import { startSecretsManagerStandIn, type SecretsManagerStandIn } from '@rds-platform/testing/secrets-manager';
import type { DbClientConfig, DbClientLogger, DbClientObserver } from '../lib/config';

export interface RecordingObserver extends Required<DbClientObserver> {
  readonly counts: Record<'secretFetched' | 'forcedRefresh' | 'suppressed' | 'opened' | 'retried', number>;
  readonly openReasons: string[];
}

export function recordingObserver(): RecordingObserver {
  const counts = { secretFetched: 0, forcedRefresh: 0, suppressed: 0, opened: 0, retried: 0 };
  const openReasons: string[] = [];
  return {
    counts,
    openReasons,
    secretFetched: () => void counts.secretFetched++,
    credentialsForcedRefresh: () => void counts.forcedRefresh++,
    credentialsRefreshSuppressed: () => void counts.suppressed++,
    connectionOpened: (reason) => void (counts.opened++, openReasons.push(reason)),
    retried: () => void counts.retried++,
    queryCompleted: () => undefined,
  };
}

export function recordingLogger(): DbClientLogger & { warnings: string[]; all: string[] } {
  const warnings: string[] = [];
  const all: string[] = [];
  return {
    warnings,
    all,
    warn: (message, extra) => void (warnings.push(message), all.push(message + JSON.stringify(extra ?? {}))),
    info: (message, extra) => void all.push(message + JSON.stringify(extra ?? {})),
  };
}

export interface DbFixture {
  readonly server: MariaDbServer;
  readonly secrets: SecretsManagerStandIn;
  readonly secretArn: string;
  readonly user: string;
  readonly database: string;
  /** The app user's password now (rotations change it). */
  password(): string;
  /** Secret-mode config for the app user, TLS verified against the server's CA. */
  config(overrides?: Partial<DbClientConfig>): DbClientConfig;
  /** Changes the password in the DB and in the secret, like a finished rotation. */
  rotatePassword(password: string): Promise<void>;
  /** Server-side KILL of every session of the app user, or of `user` (the client sees a lost connection). */
  killAppSessions(user?: string): Promise<void>;
  destroy(): Promise<void>;
}

export async function startDbFixture(): Promise<DbFixture> {
  const server = await startMariaDb({ tls: true });
  const secrets = await startSecretsManagerStandIn();
  const user = 'serverless';
  const database = 'app';
  await createAppUser(server, { database, user, password: 'first-password' });
  const secretArn = secrets.createSecret('app-db', JSON.stringify({ username: user, password: 'first-password' }));
  const savedEnv = { ...process.env };
  Object.assign(process.env, secrets.clientEnv());
  let current = 'first-password';
  return {
    password: () => current,
    server,
    secrets,
    secretArn,
    user,
    database,
    config: (overrides = {}) => ({
      auth: { mode: 'secret', secretId: secretArn },
      host: server.host,
      port: server.port,
      database,
      tls: { mode: 'ca-file', caFile: server.caFile as string },
      logger: recordingLogger(),
      ...overrides,
    }),
    async rotatePassword(password) {
      await server.rootQuery(`ALTER USER ?@'%' IDENTIFIED BY ?`, [user, password]);
      secrets.putSecretValue(secretArn, JSON.stringify({ username: user, password }));
      current = password;
    },
    async killAppSessions(sessionUser = user) {
      const sessions = await server.rootQuery<{ ID: number }>(
        'SELECT ID FROM information_schema.PROCESSLIST WHERE USER = ?',
        [sessionUser],
      );
      for (const { ID } of sessions) await server.rootQuery(`KILL ${Number(ID)}`);
    },
    async destroy() {
      process.env = savedEnv;
      await secrets.stop();
      await server.destroy();
    },
  };
}
