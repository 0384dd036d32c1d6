import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import type { DbClientLogger, DbClientObserver } from './config';
import type { CredentialSource, Credentials } from './credentials';
import { databaseSecretPort, parseDatabaseSecret } from './database-secret';
import { DbAuthError, DbConfigError, DbError, DbUnavailableError } from './errors';

export interface SecretCredentialOptions {
  readonly secretId: string;
  readonly cacheTtlSeconds: number;
  readonly client?: SecretsManagerClient;
  readonly logger: DbClientLogger;
  readonly observer?: DbClientObserver;
  readonly clock?: () => number;
}

/** After a failed refresh, serve the last good value this long before asking Secrets Manager again. */
const REFRESH_BACKOFF_MS = 30_000;

/**
 * Bound on one secret fetch (GetSecretValue, AWSCURRENT or AWSPENDING), whatever the client: a slow or unreachable
 * endpoint costs at most this long, then becomes DbUnavailableError (503) or the last good value. The default client
 * reaches it on its own (2 attempts × 1 s connect or 1 s without a response); the deadline also holds for a caller's
 * client. A login makes at most 3 fetches (cached/AWSCURRENT, forced AWSCURRENT after a refusal, AWSPENDING after a
 * second refusal), so the secret side of the worst DB path is 3 × SECRET_FETCH_BUDGET_MS; infra sizes the Lambda
 * timeout against that.
 */
export const SECRET_FETCH_BUDGET_MS = 2_000;

function defaultClient(): SecretsManagerClient {
  // Region and endpoint come from the SDK's standard settings (AWS_REGION, AWS_ENDPOINT_URL_SECRETS_MANAGER).
  // Short timeouts: an unreachable VPC endpoint must turn into a 503 (or the cached value), not a Lambda timeout.
  // throwOnRequestTimeout: without it, @smithy/node-http-handler 4 only logs a warning when requestTimeout passes.
  return new SecretsManagerClient({
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 1_000, throwOnRequestTimeout: true },
  });
}

/** Rejects with a TimeoutError-named error once the budget is spent; the SDK's own timeouts end the request. */
async function withinFetchBudget<T>(fetch: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error('Secret fetch exceeded its time budget'), { name: 'TimeoutError' })),
      SECRET_FETCH_BUDGET_MS,
    );
    timer.unref();
  });
  try {
    return await Promise.race([fetch, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Translates a Secrets Manager failure into our errors without repeating anything from the response. */
function secretsManagerError(secretId: string, error: unknown): DbError {
  const cause = (error as { cause?: { name?: string } }).cause ?? error;
  const name = (cause as { name?: string }).name ?? 'Error';
  if (name === 'AccessDeniedException' || name === 'DecryptionFailure') {
    return new DbAuthError(`Secrets Manager denied reading ${secretId} (${name})`, name);
  }
  if (name === 'ResourceNotFoundException') {
    return new DbConfigError(`Secret ${secretId} does not exist (check DB_SECRET_ARN)`, name);
  }
  return new DbUnavailableError(`Secrets Manager could not be reached for ${secretId} (${name})`, name);
}

function parseSecret(label: string, value: unknown): Credentials {
  const secret = parseDatabaseSecret(value, { label });
  return {
    user: secret.username,
    password: secret.password,
    host: secret.host || undefined,
    port: databaseSecretPort(secret),
    database: secret.dbname || undefined,
  };
}

/**
 * Secret-mode credentials through Powertools' SecretsProvider (its cache, our TTL). Adds what Powertools lacks:
 * the last good value keeps serving while Secrets Manager is unreachable, with a back-off between attempts.
 */
export class SecretCredentialSource implements CredentialSource {
  readonly needsCleartextPlugin = false;
  readonly refreshable = true;
  private readonly provider: SecretsProvider;
  private lastGood?: Credentials;
  private nextAttemptAt = 0;
  /** Pending credentials that logged in during a rotation; served instead of the (stale) cache until this expires. */
  private adopted?: { readonly credentials: Credentials; readonly until: number };
  private readonly clock: () => number;

  constructor(private readonly options: SecretCredentialOptions) {
    const client = options.client ?? defaultClient();
    // Counts real requests only: Powertools answers cache hits without touching the client.
    client.middlewareStack.add(
      (next) => async (args) => {
        options.observer?.secretFetched?.();
        return next(args);
      },
      { step: 'initialize', name: 'dbClientCountSecretFetches', override: true },
    );
    this.provider = new SecretsProvider({ awsSdkV3Client: client });
    this.clock = options.clock ?? Date.now;
  }

  async get(fresh: boolean): Promise<Credentials> {
    if (fresh) this.adopted = undefined;
    if (this.adopted && this.clock() < this.adopted.until) return this.adopted.credentials;
    if (!fresh && this.lastGood && this.clock() < this.nextAttemptAt) return this.lastGood;
    let value: unknown;
    try {
      value = await withinFetchBudget(
        this.provider.get(this.options.secretId, { maxAge: this.options.cacheTtlSeconds, forceFetch: fresh }),
      );
    } catch (error) {
      const translated = secretsManagerError(this.options.secretId, error);
      // A forced refresh means the cached value was just refused: serving it again can't help.
      if (fresh || !this.lastGood) throw translated;
      this.nextAttemptAt = this.clock() + REFRESH_BACKOFF_MS;
      this.options.logger.warn('Secret refresh failed; serving the last good value', {
        secretId: this.options.secretId,
        errorName: translated.name,
        errorCode: (translated as { code?: string }).code,
      });
      return this.lastGood;
    }
    this.lastGood = parseSecret(`Secret ${this.options.secretId}`, value);
    this.nextAttemptAt = 0;
    return this.lastGood;
  }

  /** AWSPENDING, fetched once and never cached by Powertools (its cache key ignores the version stage). */
  async pending(refused: Credentials): Promise<Credentials | undefined> {
    let credentials: Credentials;
    try {
      const value = await withinFetchBudget(
        this.provider.get(this.options.secretId, {
          maxAge: 0,
          forceFetch: true,
          sdkOptions: { VersionStage: 'AWSPENDING' },
        }),
      );
      credentials = parseSecret(`Secret ${this.options.secretId} (AWSPENDING)`, value);
    } catch (error) {
      const translated = error instanceof DbError ? error : secretsManagerError(this.options.secretId, error);
      // No rotation in progress is the normal case; anything else is worth a line, but the refusal stays the error.
      if (translated.code !== 'ResourceNotFoundException') {
        this.options.logger.warn('Could not read the pending secret version', {
          secretId: this.options.secretId,
          errorName: translated.name,
          errorCode: translated.code,
        });
      }
      return undefined;
    }
    const differs = credentials.user !== refused.user || credentials.password !== refused.password;
    return differs ? credentials : undefined;
  }

  adopt(credentials: Credentials): void {
    const ttlMs = this.options.cacheTtlSeconds * 1000;
    this.adopted = { credentials, until: this.clock() + ttlMs };
    this.lastGood = credentials;
    this.options.logger.info('Logged in with the pending secret version (rotation in progress)', {
      secretId: this.options.secretId,
    });
  }
}
