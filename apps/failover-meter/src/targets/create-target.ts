import {
  dbClientConfigFromEnv,
  dbClientConfigFromUrl,
  dbTlsConfigFromEnv,
  type DbClientLogger,
} from '@rds-platform/db-client';
import type { TargetOptions } from '../options';
import { createApiTarget } from './api-target';
import { createDatabaseTarget } from './database-target';
import type { HeartbeatTarget } from './heartbeat-target';
import { createJsonHttpClient, regionForApi } from './http-client';

export interface TargetEnvironment {
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
  readonly logger: DbClientLogger;
}

/** Builds the target named on the command line. Direct targets connect here, to create the table when missing. */
export async function createTarget(target: TargetOptions, environment: TargetEnvironment): Promise<HeartbeatTarget> {
  const { env, timeoutMs, logger } = environment;
  switch (target.kind) {
    case 'api': {
      const signing = target.sign ? { region: regionForApi(target.baseUrl, env) } : undefined;
      return createApiTarget({ baseUrl: target.baseUrl, client: createJsonHttpClient(signing) });
    }
    case 'mysql-url': {
      const config = dbClientConfigFromUrl(target.url, { tls: dbTlsConfigFromEnv(env) });
      const description = `mysql ${config.host}:${config.port ?? 3306}/${config.database ?? ''} as ${userOf(target.url)}`;
      return createDatabaseTarget({ config, description, timeoutMs, logger });
    }
    case 'secret': {
      // The same variables as the Lambda: DB_HOST may point at the proxy instead of the secret's host, TLS as db-client.
      const config = dbClientConfigFromEnv({ ...env, DB_AUTH_MODE: 'secret', DB_SECRET_ARN: target.secretArn });
      const via = config.host ? ` via ${config.host}` : '';
      return createDatabaseTarget({ config, description: `secret ${target.secretArn}${via}`, timeoutMs, logger });
    }
  }
}

function userOf(url: string): string {
  return decodeURIComponent(new URL(url).username);
}
