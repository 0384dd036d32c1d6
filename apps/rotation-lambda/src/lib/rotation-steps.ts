import { whatPages } from './alerts';
import { appAccessRefusals } from './app-access';
import { parseDatabaseSecret, secretPort, type DatabaseSecret } from './database-secret';
import { DatabaseSession, type LoginTarget } from './database-session';
import { CredentialsConfigurationError, DatabaseOperationError, isDatabaseUnreachable } from './errors';
import { logger } from './logger';
import {
  abandonRotation,
  clearRecords,
  holderOf,
  recordRollback,
  recordsOnToken,
  ROTATION_NOT_SET,
  ROTATION_RECORDS,
  ROTATION_ROLLED_BACK,
  stageCommand,
  type RotationStepContext,
} from './rotation-records';
import { setOwnPasswordStatement } from './set-password-statement';
import { AWSCURRENT, AWSPENDING, AWSPREVIOUS } from './secret-store';

export type { RotationStepContext } from './rotation-records';

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

/**
 * Copies AWSCURRENT with a fresh password into AWSPENDING for the token; keeps an existing AWSPENDING value. The new
 * version also gets ROTATION_NOT_SET (rotation-records.ts) in the same PutSecretValue, which moves a label from any
 * other version (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html).
 */
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
    ROTATION_NOT_SET,
  ]);
  logger.info('createSecret: put a new pending version', { token: context.token });
}

/** A login's outcome: the server took the password, refused it (access denied), or did not answer (the error). */
type LoginOutcome = 'accepted' | 'refused' | Error;

async function probeLogin(target: LoginTarget): Promise<LoginOutcome> {
  try {
    const session = await DatabaseSession.tryLogin(target);
    if (!session) return 'refused';
    await session.close();
    return 'accepted';
  } catch (error) {
    return error as Error;
  }
}

/**
 * Makes the database accept the pending password, logging in with the pending, current or previous one. Before it
 * changes anything it proves, logged in with the old password, that the user can run every app statement: a password
 * set here that testSecret then refuses would leave AWSCURRENT unable to log in (and RDS Proxy, which logs in with
 * AWSCURRENT, unable to open a connection) until the rotation is repaired. When it refuses, it also ends the rotation
 * (AWSPENDING off the version, see abandonRotation), so that a new one can start once the rights are given.
 */
export async function setSecret(context: RotationStepContext): Promise<void> {
  const pending = await readRequiredSecret(context, AWSPENDING, context.token);
  const current = await readRequiredSecret(context, AWSCURRENT);
  assertSameLogin(current, pending, AWSPENDING);

  const alreadySet = await DatabaseSession.tryLogin(loginTarget(pending));
  if (alreadySet) {
    await alreadySet.close();
    await forgetRecordsOnceSet(context);
    logger.info('setSecret: the pending password already logs in; nothing to do', { token: context.token });
    return;
  }

  const { session, stage } = await loginWithCurrentOrPrevious(context, current);
  let refusals: string[];
  try {
    const statement = setOwnPasswordStatement(await serverVersion(session));
    refusals = await appAccessRefusals(session);
    if (refusals.length === 0) {
      await session.run('set the new password', statement, [pending.password]);
      logger.info('setSecret: set the pending password on the database', {
        token: context.token,
        username: pending.username,
        loggedInWith: stage,
      });
    }
  } finally {
    await session.close();
  }
  if (refusals.length === 0) {
    await forgetRecordsOnceSet(context);
    return;
  }
  throw new CredentialsConfigurationError(
    `setSecret left the password unchanged: logged in with ${stage}, the user ${pending.username} ` +
      `${refusals.join('; ')}. ${await endRefusedRotation(context, pending)} Give the app user these rights, then ` +
      `rotate again (aws secretsmanager rotate-secret --secret-id ${context.secretId}; README: rotation runbook).`,
  );
}

/** The database takes the pending password: our records on the version no longer hold (testSecret insists). */
async function forgetRecordsOnceSet(context: RotationStepContext): Promise<void> {
  try {
    await clearRecords(context);
  } catch (error) {
    logger.warn('setSecret: could not take the rotation records off; testSecret takes them off when it passes', {
      token: context.token,
      error: error as Error,
    });
  }
}

/**
 * After a refusal, AWSPENDING comes off only while the database definitely refuses the pending password: the pending
 * version must never lose its label while it holds the only password that logs in.
 */
async function endRefusedRotation(context: RotationStepContext, pending: DatabaseSecret): Promise<string> {
  const outcome = await probeLogin(loginTarget(pending));
  if (outcome === 'refused') return abandonRotation(context);
  const command = stageCommand(context.secretId, AWSPENDING, { removeFrom: context.token });
  if (outcome === 'accepted') {
    return 'AWSPENDING stays: its password logs in now (another invocation set it), so this rotation can still finish.';
  }
  return (
    `AWSPENDING stays on version ${context.token}: the database could not be reached to confirm it refuses the ` +
    `pending password (${outcome.message}); once it does, ${command}`
  );
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
 * Logs in with the pending password and proves the user can run every app statement, then takes our records off the
 * version (finishSecret relies on their absence).
 *
 * When the database answers that the user cannot (its rights changed after setSecret's check), or answers the check
 * with an unexpected error, testSecret records ROTATION_ROLLED_BACK on the version and puts AWSCURRENT's password
 * back before it fails: the new password is known to be wrong for the app.
 *
 * When the database does not answer (unreachable, timed out, connection lost), it changes nothing: a rollback it
 * cannot confirm could leave either password on the database, and the pending password is not known to be wrong.
 * The database keeps AWSPENDING's password; the error says so and names what pages (ROTATION-STATES.md, row T1).
 */
export async function testSecret(context: RotationStepContext): Promise<void> {
  const pending = await readRequiredSecret(context, AWSPENDING, context.token);
  let session: DatabaseSession | undefined;
  try {
    session = await DatabaseSession.tryLogin(loginTarget(pending));
  } catch (error) {
    throw unreachableInTestSecret(error);
  }
  if (!session) {
    throw new CredentialsConfigurationError(`The AWSPENDING password of ${context.secretId} does not log in.`);
  }
  let refusals: string[] = [];
  let failure: Error | undefined;
  try {
    refusals = await appAccessRefusals(session);
  } catch (error) {
    failure = error as Error;
  }
  if (failure && isDatabaseUnreachable(failure)) {
    await session.close();
    throw unreachableInTestSecret(failure);
  }
  if (!failure && refusals.length === 0) {
    await session.close();
    try {
      await clearRecords(context);
    } catch (error) {
      throw new Error(
        `testSecret passed but could not take ${recordsOnToken(context).join(' and ')} off version ` +
          `${context.token} (${(error as Error).name}: ${(error as Error).message}), and finishSecret relies on ` +
          "their absence: the database takes only AWSPENDING's password until Secrets Manager's retry finishes " +
          `this rotation. ${whatPages()}.`,
        { cause: error },
      );
    }
    logger.info('testSecret: the pending password logs in and runs every app statement', { token: context.token });
    return;
  }

  let rollBack: string;
  try {
    const notRecorded = await recordRollback(context);
    rollBack = await backToCurrentPassword(context, session, pending, notRecorded === undefined);
    if (notRecorded) rollBack += `; ${notRecorded}`;
  } finally {
    await session.close();
  }
  if (failure) {
    throw new DatabaseOperationError(
      `testSecret: the check of the app statements failed (${failure.message}); ${rollBack}.`,
      (failure as DatabaseOperationError).code,
    );
  }
  throw new CredentialsConfigurationError(
    `testSecret: with the AWSPENDING password the user ${pending.username} ${refusals.join('; ')}; ${rollBack}. ` +
      'Give the app user these rights, then rotate again (README: rotation runbook).',
  );
}

function unreachableInTestSecret(error: unknown): DatabaseOperationError {
  const { message, code } = error as DatabaseOperationError;
  return new DatabaseOperationError(
    `testSecret could not reach the database (${message}) and did not put the old password back: a rollback it ` +
      'cannot confirm could leave either password in place. Once setSecret has run, the database takes only ' +
      "AWSPENDING's password while AWSCURRENT, which RDS Proxy logs in with, holds the old one: the proxy opens no " +
      "new database connection until this rotation finishes, which Secrets Manager's retry does once the database " +
      'answers (or the loop in README, "Runbook: a rotation that did not finish"). ' +
      `${whatPages()}.`,
    code,
    true,
  );
}

/**
 * Sets AWSCURRENT's password back on the database, in a session logged in with the pending one; says how it went.
 * When it fails and the pending password still logs in, the database is still on it: the rollback record comes off
 * again, or a finishSecret run while the database is unreachable would refuse the only password that works.
 */
async function backToCurrentPassword(
  context: RotationStepContext,
  session: DatabaseSession,
  pending: DatabaseSecret,
  recorded: boolean,
): Promise<string> {
  try {
    const current = await readRequiredSecret(context, AWSCURRENT);
    await session.run('set the current password back', setOwnPasswordStatement(await serverVersion(session)), [
      current.password,
    ]);
    const check = await DatabaseSession.tryLogin(loginTarget(current));
    if (!check) throw new DatabaseOperationError('AWSCURRENT still does not log in after setting its password back.');
    await check.close();
    logger.warn('testSecret: put the database back on the AWSCURRENT password', { token: context.token });
    return (
      'the database is back on the AWSCURRENT password' +
      (recorded ? ` (recorded as ${ROTATION_ROLLED_BACK} on version ${context.token})` : '')
    );
  } catch (error) {
    logger.error('testSecret: could not put the database back on the AWSCURRENT password', {
      token: context.token,
      error: error as Error,
    });
    const failed = `putting the database back on the AWSCURRENT password failed (${(error as Error).message})`;
    const outcome = await probeLogin(loginTarget(pending));
    if (outcome === 'accepted') {
      if (recorded) {
        await context.store
          .removeStage(context.secretId, ROTATION_ROLLED_BACK, context.token)
          .catch((cleanup: unknown) =>
            logger.error('testSecret: could not take the rollback record off again', { error: cleanup as Error }),
          );
      }
      return `${failed}, so only AWSPENDING logs in until the rotation is repaired`;
    }
    if (outcome === 'refused') return `${failed}; AWSPENDING no longer logs in either`;
    return `${failed}, and the database could not be reached to tell which password it takes`;
  }
}

const RECORD_MEANINGS: Record<string, string> = {
  [ROTATION_NOT_SET]: 'setSecret has not confirmed that the database takes its password',
  [ROTATION_ROLLED_BACK]: "testSecret put the database back on AWSCURRENT's password",
};

/**
 * Moves AWSCURRENT to the token (the service then marks the old version AWSPREVIOUS): finishing is only moving the
 * label, as in AWS's templates and "How rotation works"
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_how.html). Secrets Manager calls it
 * after testSecret passed, so the database took the pending password moments ago. It logs in with that password
 * only to catch steps invoked out of order (by hand): it refuses when the database definitely refuses the password
 * (access denied), or, when the database cannot be reached, when a record on the version (rotation-records.ts) says
 * the password is not the database's. Otherwise it moves AWSCURRENT even when the database cannot be reached: a
 * database that was unreachable for every finishSecret attempt must not come back on a password AWSCURRENT lacks
 * (issue 22: RDS Proxy logs in with AWSCURRENT only).
 */
export async function finishSecret(context: RotationStepContext): Promise<void> {
  const { store, secretId, token, versionStages } = context;
  const currentVersion = holderOf(versionStages, AWSCURRENT);
  if (currentVersion === token) {
    logger.info('finishSecret: the version is already AWSCURRENT', { token });
    return;
  }
  const pending = await readRequiredSecret(context, AWSPENDING, token);
  const outcome = await probeLogin(loginTarget(pending));
  if (outcome === 'refused') {
    throw new CredentialsConfigurationError(
      `finishSecret left AWSCURRENT where it is: the AWSPENDING password of ${secretId} does not log in ` +
        '(setSecret has not run, or testSecret put the database back on AWSCURRENT).',
    );
  }
  if (outcome instanceof Error) {
    const records = recordsOnToken(context);
    if (records.length > 0) {
      throw new CredentialsConfigurationError(
        `finishSecret left AWSCURRENT where it is: the database could not be reached (${outcome.message}) and ` +
          `version ${token} carries ${records.join(' and ')} (${records.map((label) => RECORD_MEANINGS[label]).join('; ')}). ` +
          'Run setSecret, testSecret and finishSecret for it once the database answers (README: rotation runbook).',
      );
    }
    logger.warn('finishSecret: the database could not be reached; moving AWSCURRENT all the same', {
      token,
      error: outcome,
    });
  }
  try {
    await store.moveCurrent(secretId, token, currentVersion);
  } catch (error) {
    // Not moved: the database takes AWSPENDING's password (testSecret passed), AWSCURRENT holds the old one.
    throw new Error(
      `finishSecret could not move AWSCURRENT to version ${token} (${(error as Error).name}: ` +
        `${(error as Error).message}): the database takes only AWSPENDING's password, so RDS Proxy opens no new ` +
        "database connection until Secrets Manager's retry (or the runbook's loop) finishes this rotation. " +
        `${whatPages()}.`,
      { cause: error },
    );
  }
  logger.info('finishSecret: moved AWSCURRENT', { token, fromVersion: currentVersion });
  await tidyRecords(context);
}

/** After a finished rotation no record is left on any version (they would keep old versions from being deprecated). */
async function tidyRecords({ store, secretId, versionStages }: RotationStepContext): Promise<void> {
  for (const label of ROTATION_RECORDS) {
    const holder = holderOf(versionStages, label);
    if (!holder) continue;
    await store
      .removeStage(secretId, label, holder)
      .catch((error: unknown) =>
        logger.warn('finishSecret: could not take a rotation record off', { label, error: error as Error }),
      );
  }
}
