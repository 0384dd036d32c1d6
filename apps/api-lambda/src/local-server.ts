// The local stack behind `npx nx serve api-lambda`: a MySQL-compatible server (MYSQL_URL, or a throwaway MariaDB
// with the migrations applied), a local Secrets Manager holding its credentials, and the built handler bundle
// behind an HTTP server that speaks API Gateway payload 2.0. Nothing here reaches AWS.
import path from 'node:path';
import { existsSync } from 'node:fs';
import {
  anyRdsEndpointRoots,
  createDbClient,
  dbClientConfigFromUrl,
  dbTlsConfigFromEnv,
  type DbTlsConfig,
} from '@rds-platform/db-client';
import { runMigrations } from '@rds-platform/db';
import { serveLambda, type PayloadV2Handler } from '@rds-platform/lambda-http';
import { createAppUser, startMariaDb, type MariaDbServer } from '@rds-platform/testing/mariadb';
import { startSecretsManagerStandIn } from '@rds-platform/testing/secrets-manager';

export interface LocalServerOptions {
  /** @default 3000; 0 picks a free port */
  readonly port?: number;
  /** A server to use as it is (already migrated). @default a throwaway MariaDB, migrated */
  readonly mysqlUrl?: string;
  /** @default dist/apps/api-lambda/index.js (run `npx nx build api-lambda` first) */
  readonly handlerPath?: string;
  /** Extra handler environment, e.g. { DB_QUERY_TIMEOUT_MS: '500' }. */
  readonly env?: Record<string, string>;
}

export interface LocalServer {
  readonly url: string;
  /** The database URL with the password masked. */
  readonly databaseDescription: string;
  /** The throwaway server, when one was started (for kill/start in reliability runs). */
  readonly mariaDb?: MariaDbServer;
  stop(): Promise<void>;
}

interface Database {
  readonly url: string;
  readonly tls: DbTlsConfig;
  readonly mariaDb?: MariaDbServer;
}

async function throwawayDatabase(): Promise<Database> {
  const mariaDb = await startMariaDb({ tls: true });
  await createAppUser(mariaDb, { database: 'app', user: 'serverless', password: 'local-serverless-password' });
  const migrator = createDbClient(
    dbClientConfigFromUrl(mariaDb.url({ database: 'app' }), { tls: { mode: 'disabled' } }),
  );
  try {
    await runMigrations((sql, params) => migrator.query(sql, params));
  } finally {
    await migrator.close();
  }
  return {
    url: mariaDb.url({ user: 'serverless', password: 'local-serverless-password', database: 'app' }),
    tls: { mode: 'ca-file', caFile: mariaDb.caFile as string },
    mariaDb,
  };
}

function handlerEnv(database: Database, secretArn: string): Record<string, string> {
  const { host, port, database: name } = dbClientConfigFromUrl(database.url);
  const tls: Record<string, string> =
    database.tls.mode === 'disabled'
      ? { DB_TLS: 'disabled' }
      : database.tls.mode === 'ca-file'
        ? { DB_TLS_CA_FILE: database.tls.caFile }
        : { DB_TLS: 'enabled' };
  return {
    DB_SECRET_ARN: secretArn,
    DB_HOST: host as string,
    DB_PORT: String(port ?? 3306),
    ...(name ? { DB_NAME: name } : {}),
    ...tls,
  };
}

/**
 * Starts the local stack and returns its URL.
 *
 * @example
 * const local = await startLocalServer({ port: 0 });
 * await fetch(`${local.url}/time`);
 * await local.stop();
 */
/** The URL with its password replaced by `***`, parsed rather than pattern-matched (a password may hold ':' or '@'). */
export function maskDatabaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '(database URL not shown: it does not parse)';
  }
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

export async function startLocalServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  const handlerPath = path.resolve(options.handlerPath ?? 'dist/apps/api-lambda/index.js');
  if (!existsSync(handlerPath)) {
    throw new Error(`${handlerPath} does not exist: run \`npx nx build api-lambda\` first`);
  }
  const database: Database = options.mysqlUrl
    ? {
        url: options.mysqlUrl,
        tls: dbTlsConfigFromEnv(process.env, anyRdsEndpointRoots()) ?? dbClientConfigFromUrl(options.mysqlUrl).tls,
      }
    : await throwawayDatabase();
  const secrets = await startSecretsManagerStandIn();
  const { auth } = dbClientConfigFromUrl(database.url);
  const credentials = auth.mode === 'password' ? { username: auth.user, password: auth.password } : {};
  const secretArn = secrets.createSecret('api-lambda-local', JSON.stringify(credentials));
  // The bundle reads its environment (and the SDK its endpoint) when it is loaded.
  const lambdaLike = { AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand', AWS_LAMBDA_FUNCTION_NAME: 'api-lambda' };
  Object.assign(process.env, lambdaLike, secrets.clientEnv(), handlerEnv(database, secretArn), options.env ?? {});
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { handler } = require(handlerPath) as { handler: PayloadV2Handler };
  const server = await serveLambda(handler, { port: options.port ?? 3000, functionName: 'api-lambda' });
  return {
    url: server.url,
    databaseDescription: maskDatabaseUrl(database.url),
    mariaDb: database.mariaDb,
    async stop() {
      await server.close();
      await secrets.stop();
      await database.mariaDb?.destroy();
    },
  };
}
