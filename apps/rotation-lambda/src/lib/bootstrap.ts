import { randomUUID } from 'node:crypto';
import { parseBootstrapInput, type BootstrapInput } from './bootstrap-input';
import { parseDatabaseSecret, secretPort, type DatabaseSecret } from './database-secret';
import { withSession, type DatabaseSession, type LoginTarget } from './database-session';
import { CredentialsConfigurationError } from './errors';
import { logger } from './logger';
import { parseMasterSecret } from './master-secret';
import { AWSCURRENT, AWSPENDING, type SecretStore } from './secret-store';

/** What bootstrap returns. Terraform keeps it in state, so it holds names and counts only. */
export interface BootstrapResult {
  readonly username: string;
  readonly schema: string;
  /** Migrations this run applied (empty when the schema was already up to date). */
  readonly migrationsApplied: readonly string[];
  /** Whether this run wrote the app secret's first version. */
  readonly secretInitialized: boolean;
  /** Whether this run rewrote the secret's host, port or dbname (same password) to match the input. */
  readonly secretConnectionUpdated: boolean;
  /**
   * The host, port or dbname changed but a rotation is in flight (an AWSPENDING version other than AWSCURRENT), so
   * AWSCURRENT was left alone: finishSecret would promote the pending copy, with the old address, over the rewrite.
   * Re-run bootstrap once the rotation has finished.
   */
  readonly secretConnectionUpdateDeferred: boolean;
}

/** Applies the app schema's migrations, logged in as the master user; returns the names it applied. */
export type MigrationRunner = (master: LoginTarget & { readonly database: string }) => Promise<readonly string[]>;

/**
 * What the API's statements need (libs/db APP_STATEMENTS): UPDATE because the idempotent insert is
 * `INSERT … ON DUPLICATE KEY UPDATE`. No DELETE: no route deletes, and rotation checks the statements themselves.
 */
const APP_PRIVILEGES = 'SELECT, INSERT, UPDATE';

/**
 * Creates the app schema and user, runs the migrations and writes the app secret's first version.
 *
 * Idempotent, and safe to re-run after a crash at any point:
 * - With no AWSCURRENT app secret, nobody can be using the user's password, so each run (re)sets a fresh one on the
 *   user *before* writing the secret. A crash between the two leaves no AWSCURRENT, and the next run starts over.
 * - With an AWSCURRENT app secret, the user's password is never touched (it may have been rotated). A missing user
 *   (e.g. a rebuilt instance) is recreated with the secret's password.
 */
export async function runBootstrap(
  store: SecretStore,
  event: unknown,
  runMigrations: MigrationRunner,
): Promise<BootstrapResult> {
  const input = parseBootstrapInput(event);
  const master = parseMasterSecret(await store.readString(input.masterSecretArn, AWSCURRENT));
  const currentString = await store.readString(input.appSecretArn, AWSCURRENT);
  const current = currentString === undefined ? undefined : parseDatabaseSecret(currentString, AWSCURRENT);
  if (current && current.username !== input.username) {
    throw new CredentialsConfigurationError(
      `The app secret belongs to user ${current.username}, not ${input.username}; renaming the app user is not supported.`,
    );
  }
  const masterTarget: LoginTarget = {
    host: input.host,
    port: input.port,
    user: master.username,
    password: master.password,
  };

  const { migrationsApplied, newPassword } = await withSession(masterTarget, async (session) => {
    await session.run('create the app schema', `CREATE DATABASE IF NOT EXISTS \`${input.schema}\``);
    const applied = await runMigrations({ ...masterTarget, database: input.schema });
    const password = current ? { ifCreated: current.password } : { reset: await store.randomPassword() };
    await ensureAppUser(session, input, password);
    return { migrationsApplied: applied, newPassword: 'reset' in password ? password.reset : undefined };
  });

  const desired = {
    engine: 'mysql',
    host: input.host,
    port: input.port,
    username: input.username,
    dbname: input.schema,
  };
  if (newPassword !== undefined) {
    await store.putVersion(input.appSecretArn, randomUUID(), JSON.stringify({ ...desired, password: newPassword }), [
      AWSCURRENT,
    ]);
  }
  const connectionChanged = current !== undefined && connectionDiffers(current, input);
  const secretConnectionUpdateDeferred = connectionChanged && (await rotationInFlight(store, input.appSecretArn));
  const secretConnectionUpdated = connectionChanged && !secretConnectionUpdateDeferred;
  if (current && secretConnectionUpdated) {
    await store.putVersion(input.appSecretArn, randomUUID(), JSON.stringify({ ...current, ...desired }), [AWSCURRENT]);
  }
  if (secretConnectionUpdateDeferred) {
    logger.warn(
      'App secret not pointed at the new host/port/dbname: a rotation is in flight; re-run bootstrap after it',
      {
        appSecretArn: input.appSecretArn,
      },
    );
  }
  const result: BootstrapResult = {
    username: input.username,
    schema: input.schema,
    migrationsApplied,
    secretInitialized: newPassword !== undefined,
    secretConnectionUpdated,
    secretConnectionUpdateDeferred,
  };
  logger.info('Bootstrap finished', { ...result });
  return result;
}

/**
 * Makes the app user exist with the app's grants on the schema (and takes back the DELETE earlier versions gave). `reset`: the user gets this password whether or not
 * it exists. `ifCreated`: an existing user keeps its password; a missing one is created with this one.
 */
async function ensureAppUser(
  session: DatabaseSession,
  input: BootstrapInput,
  password: { readonly reset: string } | { readonly ifCreated: string },
): Promise<void> {
  const [{ users }] = await session.run<{ users: number }>(
    'look up the app user',
    "SELECT COUNT(*) AS users FROM mysql.user WHERE User = ? AND Host = '%'",
    [input.username],
  );
  if (Number(users) === 0) {
    const initial = 'reset' in password ? password.reset : password.ifCreated;
    await session.run('create the app user', "CREATE USER ?@'%' IDENTIFIED BY ?", [input.username, initial]);
    logger.info('Created the app user', { username: input.username });
  } else if ('reset' in password) {
    await session.run('set the app user password', "ALTER USER ?@'%' IDENTIFIED BY ?", [
      input.username,
      password.reset,
    ]);
    logger.info('Set a new password on the app user (the app secret had no AWSCURRENT)', { username: input.username });
  }
  await session.run('grant the app user its privileges', `GRANT ${APP_PRIVILEGES} ON \`${input.schema}\`.* TO ?@'%'`, [
    input.username,
  ]);
  // REVOKE fails for a privilege that was never granted, so look first (same view on MySQL 8 and MariaDB).
  const [{ deletes }] = await session.run<{ deletes: number }>(
    'look up an old DELETE grant',
    "SELECT COUNT(*) AS deletes FROM information_schema.SCHEMA_PRIVILEGES WHERE GRANTEE = CONCAT(QUOTE(?), '@''%''') " +
      "AND TABLE_SCHEMA = ? AND PRIVILEGE_TYPE = 'DELETE'",
    [input.username, input.schema],
  );
  if (Number(deletes) > 0) {
    await session.run('revoke the old DELETE grant', `REVOKE DELETE ON \`${input.schema}\`.* FROM ?@'%'`, [
      input.username,
    ]);
    logger.info('Revoked DELETE from the app user (the API deletes nothing)', { username: input.username });
  }
}

/** An AWSPENDING version that is not AWSCURRENT: a rotation started and has not finished (or was abandoned). */
async function rotationInFlight(store: SecretStore, secretId: string): Promise<boolean> {
  const { versionStages } = await store.describe(secretId);
  return Object.values(versionStages).some((stages) => stages.includes(AWSPENDING) && !stages.includes(AWSCURRENT));
}

function connectionDiffers(secret: DatabaseSecret, input: BootstrapInput): boolean {
  return secret.host !== input.host || secretPort(secret) !== input.port || secret.dbname !== input.schema;
}
