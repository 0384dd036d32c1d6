import { appAccessRefusals } from './app-access';
import { parseDatabaseSecret, secretPort, type DatabaseSecret } from './database-secret';
import { DatabaseSession, type LoginTarget } from './database-session';
import { CredentialsConfigurationError, DatabaseOperationError } from './errors';
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

/**
 * Makes the database accept the pending password, logging in with the pending, current or previous one. Before it
 * changes anything it proves, logged in with the old password, that the user can run every app statement: a password
 * set here that testSecret then refuses would leave AWSCURRENT unable to log in (and RDS Proxy, which logs in with
 * AWSCURRENT, unable to open a connection) until the rotation is repaired.
 */
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

  const { session, stage } = await loginWithCurrentOrPrevious(context, current);
  try {
    const statement = setOwnPasswordStatement(await serverVersion(session));
    const refusals = await appAccessRefusals(session);
    if (refusals.length > 0) {
      throw new CredentialsConfigurationError(
        `setSecret left the password unchanged: logged in with ${stage}, the user ${pending.username} ` +
          `${refusals.join('; ')}. Give the app user these rights, then rotate again (README: rotation runbook).`,
      );
    }
    await session.run('set the new password', statement, [pending.password]);
    logger.info('setSecret: set the pending password on the database', {
      token: context.token,
      username: pending.username,
      loggedInWith: stage,
    });
  } finally {
    await session.close();
  }
}

async function serverVersion(session: DatabaseSession): Promise<string> {
  const [{ version }] = await session.run<{ version: string }>(
    'read the server version',
    'SELECT VERSION() AS version',
  );
  return version;
}

async function loginWithCurrentOrPrevious(
  context: RotationStepContext,
  current: DatabaseSecret,
): Promise<{ session: DatabaseSession; stage: string }> {
  const fromCurrent = await DatabaseSession.tryLogin(loginTarget(current));
  if (fromCurrent) return { session: fromCurrent, stage: AWSCURRENT };
  const previous = await readSecret(context, AWSPREVIOUS);
  if (previous) {
    assertSameLogin(current, previous, AWSPREVIOUS);
    const fromPrevious = await DatabaseSession.tryLogin(loginTarget(previous));
    if (fromPrevious) {
      logger.warn('setSecret: AWSCURRENT no longer logs in; used AWSPREVIOUS', { token: context.token });
      return { session: fromPrevious, stage: AWSPREVIOUS };
    }
  }
  throw new CredentialsConfigurationError(
    `Unable to log into the database with the AWSPENDING, AWSCURRENT or AWSPREVIOUS version of ${context.secretId}.`,
  );
}

/**
 * Logs in with the pending password and proves the user can still run every app statement. When it cannot (its
 * rights changed after setSecret's check), or the check fails for any other reason once the pending password has
 * logged in (a lost connection, a failover), the database goes back to AWSCURRENT's password before the step fails:
 * the service may give up after this attempt, and a retry's setSecret checks and sets the pending password again.
 */
export async function testSecret(context: RotationStepContext): Promise<void> {
  const pending = await readRequiredSecret(context, AWSPENDING, context.token);
  const session = await DatabaseSession.tryLogin(loginTarget(pending));
  if (!session) {
    throw new CredentialsConfigurationError(`The AWSPENDING password of ${context.secretId} does not log in.`);
  }
  let refusals: string[];
  let rollBack: string;
  try {
    try {
      refusals = await appAccessRefusals(session);
    } catch (error) {
      await backToCurrentPassword(context, session);
      throw error;
    }
    if (refusals.length === 0) {
      logger.info('testSecret: the pending password logs in and runs every app statement', { token: context.token });
      return;
    }
    rollBack = await backToCurrentPassword(context, session);
  } finally {
    await session.close();
  }
  throw new CredentialsConfigurationError(
    `testSecret: with the AWSPENDING password the user ${pending.username} ${refusals.join('; ')}; ${rollBack}. ` +
      'Give the app user these rights, then rotate again (README: rotation runbook).',
  );
}

/** Sets AWSCURRENT's password back on the database, in a session logged in with the pending one; says how it went. */
async function backToCurrentPassword(context: RotationStepContext, session: DatabaseSession): Promise<string> {
  try {
    const current = await readRequiredSecret(context, AWSCURRENT);
    await session.run('set the current password back', setOwnPasswordStatement(await serverVersion(session)), [
      current.password,
    ]);
    const check = await DatabaseSession.tryLogin(loginTarget(current));
    if (!check) throw new DatabaseOperationError('AWSCURRENT still does not log in after setting its password back.');
    await check.close();
    logger.warn('testSecret: put the database back on the AWSCURRENT password', { token: context.token });
    return 'the database is back on the AWSCURRENT password';
  } catch (error) {
    logger.error('testSecret: could not put the database back on the AWSCURRENT password', {
      token: context.token,
      error: error as Error,
    });
    return (
      `putting the database back on the AWSCURRENT password failed (${(error as Error).message}), so only ` +
      'AWSPENDING logs in until the rotation is repaired'
    );
  }
}

/**
 * Moves AWSCURRENT to the token (the service then marks the old version AWSPREVIOUS), but only once the pending
 * password logs in: a finishSecret invoked after a failed testSecret (by hand, or by a retry that skipped a step)
 * would otherwise point AWSCURRENT at a password the database no longer takes.
 */
export async function finishSecret(context: RotationStepContext): Promise<void> {
  const { store, secretId, token } = context;
  const currentVersion = await store.versionWithStage(secretId, AWSCURRENT);
  if (currentVersion === token) {
    logger.info('finishSecret: the version is already AWSCURRENT', { token });
    return;
  }
  const pending = await readRequiredSecret(context, AWSPENDING, token);
  const session = await DatabaseSession.tryLogin(loginTarget(pending));
  if (!session) {
    throw new CredentialsConfigurationError(
      `finishSecret left AWSCURRENT where it is: the AWSPENDING password of ${secretId} does not log in ` +
        '(setSecret has not run, or testSecret put the database back on AWSCURRENT).',
    );
  }
  await session.close();
  await store.moveCurrent(secretId, token, currentVersion);
  logger.info('finishSecret: moved AWSCURRENT', { token, fromVersion: currentVersion });
}
