import { CredentialsConfigurationError } from './errors';
import { logger } from './logger';
import { createSecret, finishSecret, setSecret, testSecret, type RotationStepContext } from './rotation-steps';
import { AWSCURRENT, AWSPENDING, type SecretStore } from './secret-store';

/** The event Secrets Manager sends a rotation Lambda. */
export interface RotationEvent {
  readonly SecretId: string;
  readonly ClientRequestToken: string;
  readonly Step: RotationStep;
}

const STEPS = { createSecret, setSecret, testSecret, finishSecret } as const;
export type RotationStep = keyof typeof STEPS;

function parseRotationEvent(event: unknown): RotationEvent {
  const candidate = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
  for (const key of ['SecretId', 'ClientRequestToken', 'Step']) {
    if (typeof candidate[key] !== 'string' || candidate[key] === '') {
      throw new CredentialsConfigurationError(`The rotation event is missing "${key}" (a non-empty string).`);
    }
  }
  if (!Object.hasOwn(STEPS, candidate['Step'] as string)) {
    throw new CredentialsConfigurationError(
      `Invalid rotation step "${String(candidate['Step'])}"; expected one of ${Object.keys(STEPS).join(', ')}.`,
    );
  }
  return candidate as unknown as RotationEvent;
}

/**
 * Runs one step of the single-user rotation (seed 003's template, in TypeScript). The guards come first, as in
 * AWS's templates: rotation must be on, the token must name a version, and a version that is already AWSCURRENT
 * means an earlier invocation finished the job (a retry), so the step does nothing.
 */
export async function rotate(store: SecretStore, event: unknown): Promise<void> {
  const { SecretId: secretId, ClientRequestToken: token, Step: step } = parseRotationEvent(event);
  logger.appendKeys({ secretId, step });
  try {
    const { rotationEnabled, versionStages } = await store.describe(secretId);
    if (rotationEnabled === false) {
      throw new CredentialsConfigurationError(`Secret ${secretId} is not enabled for rotation.`);
    }
    const stages = versionStages[token];
    if (!stages) {
      throw new CredentialsConfigurationError(
        `Secret version ${token} has no stage for rotation of secret ${secretId}.`,
      );
    }
    if (stages.includes(AWSCURRENT)) {
      logger.info('The version is already AWSCURRENT; nothing to do', { token });
      return;
    }
    if (!stages.includes(AWSPENDING)) {
      throw new CredentialsConfigurationError(
        `Secret version ${token} is not set as AWSPENDING for rotation of secret ${secretId}.`,
      );
    }
    const context: RotationStepContext = { store, secretId, token, versionStages };
    await STEPS[step](context);
  } catch (error) {
    logger.error('Rotation step failed', { token, error: error as Error });
    throw error;
  } finally {
    logger.removeKeys(['secretId', 'step']);
  }
}
