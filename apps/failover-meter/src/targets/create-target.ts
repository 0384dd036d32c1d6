import {
  dbClientConfigFromEnv,
  dbClientConfigFromUrl,
  dbTlsConfigFromEnv,
  type DbClientLogger,
  anyRdsEndpointRoots,
} from '@rds-platform/db-client';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { TargetOptions } from '../options';
import { createApiTarget } from './api-target';
import { createDatabaseTarget } from './database-target';
import type { HeartbeatTarget } from './heartbeat-target';
import { createJsonHttpClient, regionForApi } from './http-client';

export interface TargetEnvironment {
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
  readonly logger: DbClientLogger;
  /** Signs API requests. @default the SDK's provider chain (AWS_PROFILE, environment variables, SSO …) */
  readonly credentials?: AwsCredentialIdentityProvider;
}

/** No credentials to sign with: every signed request would be refused, so the run does not start. */
export class MissingCredentialsError extends Error {
  override readonly name = 'MissingCredentialsError';
}

/**
 * Resolves the credentials once, before anything starts; none is a MissingCredentialsError that says what they were
 * for and how to provide them (`alsoTry`: a way round, if the command has one).
 */
export async function requireCredentials(
  credentials: AwsCredentialIdentityProvider,
  purpose: string,
  alsoTry?: string,
): Promise<void> {
  try {
    await credentials();
  } catch (error) {
    throw new MissingCredentialsError(
      `no AWS credentials ${purpose} (${(error as Error).message.split('\n')[0]}): set AWS_PROFILE, or ` +
        `AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY${alsoTry === undefined ? '' : `, ${alsoTry}`}`,
    );
  }
}

/** Builds the target named on the command line. Direct targets connect here, to create the table when missing. */
export async function createTarget(target: TargetOptions, environment: TargetEnvironment): Promise<HeartbeatTarget> {
  const { env, timeoutMs, logger } = environment;
  switch (target.kind) {
    case 'api': {
      if (!target.sign) return createApiTarget({ baseUrl: target.baseUrl, client: createJsonHttpClient(undefined) });
      const region = regionForApi(target.baseUrl, env);
      // Resolved once before the first heartbeat: without credentials every attempt would fail as a 403 and the
      // run would meter an outage that is not there.
      const credentials = environment.credentials ?? fromNodeProviderChain();
      await requireCredentials(credentials, 'to sign the API requests', 'or use --no-sign for a local API');
      return createApiTarget({ baseUrl: target.baseUrl, client: createJsonHttpClient({ region, credentials }) });
    }
    case 'mysql-url': {
      const config = dbClientConfigFromUrl(target.url, { tls: dbTlsConfigFromEnv(env, anyRdsEndpointRoots()) });
      const description = `mysql ${config.host}:${config.port ?? 3306}/${config.database ?? ''} as ${userOf(target.url)}`;
      return createDatabaseTarget({ config, description, timeoutMs, logger });
    }
    case 'secret': {
      // The same variables as the Lambda: DB_HOST may point at the proxy instead of the secret's host, TLS as db-client.
      const config = dbClientConfigFromEnv(
        { ...env, DB_AUTH_MODE: 'secret', DB_SECRET_ARN: target.secretArn },
        { roots: anyRdsEndpointRoots() },
      );
      const via = config.host ? ` via ${config.host}` : '';
      return createDatabaseTarget({ config, description: `secret ${target.secretArn}${via}`, timeoutMs, logger });
    }
  }
}

function userOf(url: string): string {
  return decodeURIComponent(new URL(url).username);
}
