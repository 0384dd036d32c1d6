// The local stack behind `npx nx serve api-lambda`: a MySQL-compatible server (MYSQL_URL, or a throwaway MariaDB
// with the migrations applied), a local Secrets Manager holding its credentials, and the built handler bundle
// behind an HTTP server that speaks API Gateway payload 2.0; optionally the local RDS Proxy stand-in between the
// handler and the server. Nothing here reaches AWS.
import path from 'node:path';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import {
  anyRdsEndpointRoots,
  createDbClient,
  dbClientConfigFromUrl,
  dbTlsConfigFromEnv,
  type DbTlsConfig,
} from '@rds-platform/db-client';
import { runMigrations } from '@rds-platform/db';
import { serveLambda, type PayloadV2Handler } from '@rds-platform/lambda-http';
import { startRdsProxyLocal } from '@rds-platform/rds-proxy-local';
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
  /** Put the local RDS Proxy stand-in (libs/rds-proxy-local) between the handler and the server. @default off */
  readonly proxy?: LocalProxyOptions;
}

export interface LocalProxyOptions {
  /** The pool's cap (MaxConnectionsPercent x max_connections). @default 10 */
  readonly maxDbConnections?: number;
  /** ConnectionBorrowTimeout. @default 5000 (prod's connectionBorrowTimeoutSeconds) */
  readonly borrowTimeoutMs?: number;
}

export interface LocalServer {
  readonly url: string;
  /** The database URL with the password masked. */
  readonly databaseDescription: string;
  /** The throwaway server, when one was started (for kill/start in reliability runs). */
  readonly mariaDb?: MariaDbServer;
  /** The proxy stand-in, when one was asked for: where the handler connects, and its `GET /metrics`. */
  readonly proxy?: { readonly address: string; readonly metricsUrl: string };
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

interface ProxyInFront {
  readonly address: string;
  readonly metricsUrl: string;
  /** The handler's DB_* settings that point it at the proxy instead of the server. */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * The stand-in in front of the server, logging in with the URL's user and password (its secret file). With the
 * throwaway MariaDB the server's own certificate (127.0.0.1, signed by its CA) serves the proxy too, so the handler
 * still verifies TLS; with MYSQL_URL there is no certificate for the proxy, so the handler talks to it without TLS
 * (the proxy speaks TLS to the server when DB_TLS_CA_FILE names its CA).
 */
async function startProxyInFront(database: Database, options: LocalProxyOptions): Promise<ProxyInFront> {
  const { host, port, database: dbname, auth } = dbClientConfigFromUrl(database.url);
  if (auth.mode !== 'password') throw new Error('the proxy stand-in needs a user and a password in the database URL');
  const dir = mkdtempSync(path.join(tmpdir(), 'api-lambda-serve-proxy-'));
  const secretFile = path.join(dir, 'secret.json');
  const secret = { username: auth.user, password: auth.password, host, port: port ?? 3306, dbname };
  writeFileSync(secretFile, JSON.stringify(secret), { mode: 0o600 });
  const caFile = database.tls.mode === 'ca-file' ? database.tls.caFile : undefined;
  const certDir = database.mariaDb && caFile ? path.dirname(caFile) : undefined;
  const proxy = await startRdsProxyLocal({
    target: { host: host ?? '127.0.0.1', port: port ?? 3306 },
    secretFile,
    maxDbConnections: options.maxDbConnections ?? 10,
    borrowTimeoutMs: options.borrowTimeoutMs ?? 5000,
    metrics: { host: '127.0.0.1', port: 0 },
    tls: certDir
      ? {
          cert: readFileSync(path.join(certDir, 'server-cert.pem')),
          key: readFileSync(path.join(certDir, 'server-key.pem')),
        }
      : undefined,
    targetCa: caFile ? readFileSync(caFile) : undefined,
  });
  return {
    address: `${proxy.host}:${proxy.port}`,
    metricsUrl: proxy.metricsUrl as string,
    env: { DB_HOST: proxy.host, DB_PORT: String(proxy.port), ...(certDir ? {} : { DB_TLS: 'disabled' }) },
    async stop() {
      await proxy.close();
      rmSync(dir, { recursive: true, force: true });
    },
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
  const proxy = options.proxy ? await startProxyInFront(database, options.proxy) : undefined;
  const env = { ...handlerEnv(database, secretArn), ...proxy?.env };
  // The handler talks to the proxy without TLS when the proxy has no certificate: no CA file to verify it against.
  if (env['DB_TLS'] === 'disabled') {
    delete env['DB_TLS_CA_FILE'];
    delete process.env['DB_TLS_CA_FILE'];
  }
  Object.assign(process.env, lambdaLike, secrets.clientEnv(), env, options.env ?? {});
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { handler } = require(handlerPath) as { handler: PayloadV2Handler };
  const server = await serveLambda(handler, { port: options.port ?? 3000, functionName: 'api-lambda' });
  return {
    url: server.url,
    databaseDescription: maskDatabaseUrl(database.url),
    mariaDb: database.mariaDb,
    proxy: proxy && { address: proxy.address, metricsUrl: proxy.metricsUrl },
    async stop() {
      await server.close();
      await proxy?.stop();
      await secrets.stop();
      await database.mariaDb?.destroy();
    },
  };
}
