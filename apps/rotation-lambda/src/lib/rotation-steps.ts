import { grantStatements, grantsAllowAppDml } from './app-grants';
import { parseDatabaseSecret, secretPort, type DatabaseSecret } from './database-secret';
import { DatabaseSession, type LoginTarget } from './database-session';
import { CredentialsConfigurationError } from './errors';
import { logger } from './logger';
import { setOwnPasswordStatement } from './set-password-statement';
import { AWSCURRENT, AWSPENDING, AWSPREVIOUS, type SecretStore } from './secret-store';

/** What each step needs: the secret, the version being rotated to, and the Secrets Manager calls. */
export interface RotationStepContext {
  readonly store: SecretStore;
  readonly secretId: string;
  readonly token: string;
}

async function readSecret(
  { store, secretId }: RotationStepContext,
  stage: string,
  versionId?: string,
): Promise<DatabaseSecret | undefined> {
  const secretString = await store.readString(secretId, stage, versionId);
  return secretString === undefined ? undefined : parseDatabaseSecret(secretString, stage);
}

async function readRequiredSecret(context: RotationStepContext, stage: string, versionId?: string) {
  const secret = await readSecret(context, stage, versionId);
  if (!secret) {
    const which = versionId ? `version ${versionId} with stage ${stage}` : `a version with stage ${stage}`;
    throw new CredentialsConfigurationError(`Secret ${context.secretId} has no ${which}.`);
  }
  return secret;
}

function loginTarget(secret: DatabaseSecret): LoginTarget {
  return {
    host: secret.host,
    port: secretPort(secret),
    user: secret.username,
    password: secret.password,
    database: secret.dbname,
  };
}

/** Single-user rotation changes the password only: the user, the instance and the port must stay the same. */
function assertSameLogin(expected: DatabaseSecret, actual: DatabaseSecret, actualStage: string): void {
  const differing = [
    expected.username !== actual.username && 'username',
    expected.host !== actual.host && 'host',
    secretPort(expected) !== secretPort(actual) && 'port',
  ].filter(Boolean);
  if (differing.length > 0) {
    throw new CredentialsConfigurationError(
      `The ${actualStage} secret's ${differing.join(', ')} ${differing.length === 1 ? 'differs' : 'differ'} from ` +
        'AWSCURRENT; single-user rotation only changes the password.',
    );
  }
}

/** Copies AWSCURRENT with a fresh password into AWSPENDING for the token; keeps an existing AWSPENDING value. */
export async function createSecret(context: RotationStepContext): Promise<void> {
  const current = await readRequiredSecret(context, AWSCURRENT);
  const pending = await readSecret(context, AWSPENDING, context.token);
  if (pending) {
    logger.info('createSecret: the pending version already has a value; keeping it', { token: context.token });
    return;
  }
  const password = await context.store.randomPassword();
  await context.store.putVersion(context.secretId, context.token, JSON.stringify({ ...current, password }), [
    AWSPENDING,
  ]);
  logger.info('createSecret: put a new pending version', { token: context.token });
}

/** Makes the database accept the pending password, logging in with the pending, current or previous one. */
export async function setSecret(context: RotationStepContext): Promise<void> {
  const pending = await readRequiredSecret(context, AWSPENDING, context.token);
  const current = await readRequiredSecret(context, AWSCURRENT);
  assertSameLogin(current, pending, AWSPENDING);

  const alreadySet = await DatabaseSession.tryLogin(loginTarget(pending));
  if (alreadySet) {
    await alreadySet.close();
    logger.info('setSecret: the pending password already logs in; nothing to do', { token: context.token });
    return;
  }

  const session = await loginWithCurrentOrPrevious(context, current);
  try {
    const [{ version }] = await session.run<{ version: string }>(
      'read the server version',
      'SELECT VERSION() AS version',
    );
    await session.run('set the new password', setOwnPasswordStatement(version), [pending.password]);
    logger.info('setSecret: set the pending password on the database', {
      token: context.token,
      username: pending.username,
      serverVersion: version,
    });
  } finally {
    await session.close();
  }
}

async function loginWithCurrentOrPrevious(context: RotationStepContext, current: DatabaseSecret) {
  const fromCurrent = await DatabaseSession.tryLogin(loginTarget(current));
  if (fromCurrent) return fromCurrent;
  const previous = await readSecret(context, AWSPREVIOUS);
  if (previous) {
    assertSameLogin(current, previous, AWSPREVIOUS);
    const fromPrevious = await DatabaseSession.tryLogin(loginTarget(previous));
    if (fromPrevious) {
      logger.warn('setSecret: AWSCURRENT no longer logs in; used AWSPREVIOUS', { token: context.token });
      return fromPrevious;
    }
  }
  throw new CredentialsConfigurationError(
    `Unable to log into the database with the AWSPENDING, AWSCURRENT or AWSPREVIOUS version of ${context.secretId}.`,
  );
}

/** Logs in with the pending password and checks the user can still do the app's work. */
export async function testSecret(context: RotationStepContext): Promise<void> {
  const pending = await readRequiredSecret(context, AWSPENDING, context.token);
  const session = await DatabaseSession.tryLogin(loginTarget(pending));
  if (!session) {
    throw new CredentialsConfigurationError(`The AWSPENDING password of ${context.secretId} does not log in.`);
  }
  try {
    await session.run('run SELECT NOW()', 'SELECT NOW()');
    const grants = grantStatements(await session.run('read the user grants', 'SHOW GRANTS'));
    if (!grantsAllowAppDml(grants, pending.dbname)) {
      throw new CredentialsConfigurationError(
        `The user ${pending.username} lacks SELECT, INSERT, UPDATE or DELETE on ${pending.dbname ?? 'any schema'}.`,
      );
    }
  } finally {
    await session.close();
  }
  logger.info('testSecret: the pending password logs in and the app grants hold', { token: context.token });
}

/** Moves AWSCURRENT to the token (the service then marks the old version AWSPREVIOUS). */
export async function finishSecret({ store, secretId, token }: RotationStepContext): Promise<void> {
  const currentVersion = await store.versionWithStage(secretId, AWSCURRENT);
  if (currentVersion === token) {
    logger.info('finishSecret: the version is already AWSCURRENT', { token });
    return;
  }
  await store.moveCurrent(secretId, token, currentVersion);
  logger.info('finishSecret: moved AWSCURRENT', { token, fromVersion: currentVersion });
}
