import { logger } from './logger';
import { AWSPENDING, type SecretStore } from './secret-store';

/** What each step needs: the secret, the version being rotated to, and the Secrets Manager calls. */
export interface RotationStepContext {
  readonly store: SecretStore;
  readonly secretId: string;
  readonly token: string;
  /** DescribeSecret's VersionIdsToStages, read by the handler just before the step. */
  readonly versionStages: Readonly<Record<string, readonly string[]>>;
}

/**
 * Staging labels of our own on the token's version: what the rotation knows about the database without logging in,
 * so that finishSecret can decide when the database cannot be reached (ROTATION-STATES.md). Secrets Manager keeps
 * any label a caller attaches, one version per label
 * (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_UpdateSecretVersionStage.html), and a version
 * keeps its value; the rotation role may already change labels (secretsmanager:UpdateSecretVersionStage on the app
 * secret: apps/infra app-secret.ts, grantRotate).
 *
 * - ROTATION_NOT_SET: createSecret puts it on the new version with AWSPENDING; setSecret takes it off once the
 *   database takes the pending password. A finishSecret that finds it has no reason to think setSecret ever ran.
 * - ROTATION_ROLLED_BACK: testSecret attaches it before it puts AWSCURRENT's password back on the database (the app
 *   user lacks a right); setSecret takes it off when it sets the pending password again.
 *
 * testSecret takes both off when it passes: in Secrets Manager's order (finishSecret only after a passed testSecret,
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_how.html) finishSecret never finds one.
 */
export const ROTATION_NOT_SET = 'ROTATION_NOT_SET';
export const ROTATION_ROLLED_BACK = 'ROTATION_ROLLED_BACK';
export const ROTATION_RECORDS = [ROTATION_NOT_SET, ROTATION_ROLLED_BACK] as const;

/** The version carrying `stage`, if any. */
export function holderOf(versionStages: RotationStepContext['versionStages'], stage: string): string | undefined {
  return Object.keys(versionStages).find((versionId) => versionStages[versionId].includes(stage));
}

/** Our records on the token's version, as the handler read them. */
export function recordsOnToken({ versionStages, token }: RotationStepContext): string[] {
  return ROTATION_RECORDS.filter((label) => (versionStages[token] ?? []).includes(label));
}

/** Takes our records off the token's version (those the handler saw, or `labels`). Throws when a call fails. */
export async function clearRecords(context: RotationStepContext, labels = recordsOnToken(context)): Promise<void> {
  for (const label of labels) await context.store.removeStage(context.secretId, label, context.token);
  if (labels.length > 0) logger.info('Took the rotation records off the pending version', { labels });
}

/** `aws secretsmanager update-secret-version-stage …`, the command that does by hand what a failed call did not. */
export function stageCommand(
  secretId: string,
  stage: string,
  change: { readonly moveTo?: string; readonly removeFrom?: string },
): string {
  return [
    `aws secretsmanager update-secret-version-stage --secret-id ${secretId} --version-stage ${stage}`,
    change.moveTo && `--move-to-version-id ${change.moveTo}`,
    change.removeFrom && `--remove-from-version-id ${change.removeFrom}`,
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * Attaches ROTATION_ROLLED_BACK to the token before testSecret rolls the database back. Returns undefined when it is
 * recorded, else a sentence with the command that records it: the rollback goes ahead either way, because a database
 * back on AWSCURRENT matters more than the record.
 */
export async function recordRollback(context: RotationStepContext): Promise<string | undefined> {
  const { store, secretId, token, versionStages } = context;
  if (recordsOnToken(context).includes(ROTATION_ROLLED_BACK)) return undefined;
  const holder = holderOf(versionStages, ROTATION_ROLLED_BACK);
  try {
    await store.moveStage(secretId, ROTATION_ROLLED_BACK, token, holder);
    return undefined;
  } catch (error) {
    logger.error('testSecret: could not record the rollback', { token, error: error as Error });
    return (
      `the rollback could not be recorded (${(error as Error).name}), so a finishSecret run while the database is ` +
      `unreachable would move AWSCURRENT to this version; record it: ` +
      stageCommand(secretId, ROTATION_ROLLED_BACK, { moveTo: token, removeFrom: holder })
    );
  }
}

/**
 * Ends a rotation the database definitely refused before its password changed: takes AWSPENDING (and our records)
 * off the token's version. Secrets Manager refuses to start a rotation while AWSPENDING sits on a version other than
 * AWSCURRENT (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RotateSecret.html), so without this a
 * repaired user could not be rotated until someone removed the label. Returns the sentence for the error: what was
 * done, or the exact command that does it.
 */
export async function abandonRotation(context: RotationStepContext): Promise<string> {
  const { store, secretId, token } = context;
  try {
    await store.removeStage(secretId, AWSPENDING, token);
    logger.warn('setSecret: took AWSPENDING off the refused version, so that a new rotation can start', { token });
  } catch (error) {
    logger.error('setSecret: could not take AWSPENDING off the refused version', { token, error: error as Error });
    return (
      `Taking AWSPENDING off version ${token} failed (${(error as Error).name}); Secrets Manager starts no new ` +
      `rotation until it is off: ${stageCommand(secretId, AWSPENDING, { removeFrom: token })}`
    );
  }
  // The records only kept the version alive; a version without labels is deprecated (DescribeSecret's
  // VersionIdsToStages), which is what an abandoned version should be.
  await clearRecords(context).catch((error: unknown) =>
    logger.warn('setSecret: could not take the rotation records off the refused version', {
      token,
      error: error as Error,
    }),
  );
  return `AWSPENDING is off version ${token}, so a new rotation can start.`;
}
