// Test harness for the reliability suite: the real api-lambda bundle behind the local payload-2.0 server, in front of
// a throwaway MariaDB and the Secrets Manager stand-in. Each API gets its own DB user and secret, so scenarios that
// rotate, kill or count connections never see one another's.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createDbClient, dbClientConfigFromUrl } from '@rds-platform/db-client';
import { runMigrations } from '@rds-platform/db';
import { createAppUser, startMariaDb, type MariaDbServer } from '@rds-platform/testing/mariadb';
import { startSecretsManagerStandIn, type SecretsManagerStandIn } from '@rds-platform/testing/secrets-manager';

const WORKSPACE_ROOT = path.resolve(__dirname, '../../../..');
export const HANDLER_BUNDLE = path.join(WORKSPACE_ROOT, 'dist/apps/api-lambda/index.js');
const HANDLER_PROCESS = path.join(__dirname, 'handler-process.ts');
const HANDLER_START_TIMEOUT_MS = 30_000;
const DATABASE = 'app';
/** Powertools would print a JSON log line and an EMF record per request into the test output. */
const QUIET_LAMBDA = {
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
};

export interface ApiUnderTest {
  readonly url: string;
  readonly user: string;
  readonly secretArn: string;
  /** Ids of the DB sessions this API's handler holds open. */
  connectionIds(): Promise<number[]>;
  /** Ends the handler's sessions from the server side, as a proxy or network blip would. */
  killConnections(): Promise<void>;
  /** Single-user rotation as the rotation Lambda does it: set the new password in the DB, then make it AWSCURRENT. */
  rotatePassword(newPassword: string): Promise<void>;
  close(): Promise<void>;
}

export interface ReliabilityEnvironment {
  readonly mariaDb: MariaDbServer;
  readonly secrets: SecretsManagerStandIn;
  /** A fresh handler process (its own cold start and connection); `env` overrides the handler environment. */
  startApi(name: string, options?: { env?: Record<string, string>; dbPort?: number }): Promise<ApiUnderTest>;
  stop(): Promise<void>;
}

export async function startReliabilityEnvironment(): Promise<ReliabilityEnvironment> {
  if (!existsSync(HANDLER_BUNDLE)) {
    throw new Error(`${HANDLER_BUNDLE} does not exist: run \`npx nx run api-lambda:build\` first`);
  }
  const mariaDb = await startMariaDb({ tls: true });
  const secrets = await startSecretsManagerStandIn();
  await mariaDb.rootQuery(`CREATE DATABASE ${DATABASE}`);
  const migrator = createDbClient({
    ...dbClientConfigFromUrl(mariaDb.url({ database: DATABASE }), {
      tls: { mode: 'ca-file', caFile: mariaDb.caFile as string },
    }),
  });
  try {
    await runMigrations((sql, params) => migrator.query(sql, params));
  } finally {
    await migrator.close();
  }
  const apis: ApiUnderTest[] = [];

  async function startApi(name: string, options: { env?: Record<string, string>; dbPort?: number } = {}) {
    const user = `meter_${name}`;
    const password = `${name}-password-1`;
    await createAppUser(mariaDb, { database: DATABASE, user, password });
    const secretValue = (pw: string) =>
      JSON.stringify({
        engine: 'mysql',
        username: user,
        password: pw,
        host: mariaDb.host,
        port: mariaDb.port,
        dbname: DATABASE,
      });
    const secretArn = secrets.createSecret(`api-${name}`, secretValue(password));
    const handlerProcess = await startHandlerProcess(name, {
      ...secrets.clientEnv(),
      DB_SECRET_ARN: secretArn,
      DB_HOST: mariaDb.host,
      DB_PORT: String(options.dbPort ?? mariaDb.port),
      DB_NAME: DATABASE,
      DB_TLS_CA_FILE: mariaDb.caFile as string,
      DB_CONNECT_TIMEOUT_MS: '1000',
      DB_QUERY_TIMEOUT_MS: '2000',
      ...options.env,
    });
    const connectionIds = async () =>
      (
        await mariaDb.rootQuery<{ id: number }>('SELECT id FROM information_schema.processlist WHERE user = ?', [user])
      ).map((row) => Number(row.id));
    const api: ApiUnderTest = {
      url: handlerProcess.url,
      user,
      secretArn,
      connectionIds,
      async killConnections() {
        for (const id of await connectionIds()) await mariaDb.rootQuery(`KILL ${id}`).catch(() => undefined);
      },
      async rotatePassword(newPassword) {
        await mariaDb.rootQuery("ALTER USER ?@'%' IDENTIFIED BY ?", [user, newPassword]);
        secrets.putSecretValue(secretArn, secretValue(newPassword));
      },
      close: () => handlerProcess.stop(),
    };
    apis.push(api);
    return api;
  }

  return {
    mariaDb,
    secrets,
    startApi,
    async stop() {
      for (const api of apis.splice(0)) await api.close().catch(() => undefined);
      await secrets.stop();
      await mariaDb.destroy();
    },
  };
}

/** One handler instance in its own process, with exactly the given environment (nothing of AWS's own). */
async function startHandlerProcess(
  name: string,
  handlerEnv: Record<string, string>,
): Promise<{ url: string; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', HANDLER_PROCESS, HANDLER_BUNDLE], {
    cwd: WORKSPACE_ROOT,
    env: {
      PATH: process.env['PATH'],
      AWS_LAMBDA_FUNCTION_NAME: `api-${name}`,
      ...QUIET_LAMBDA,
      ...handlerEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr = `${stderr}${chunk}`.slice(-2000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail('did not start in time'), HANDLER_START_TIMEOUT_MS);
    function fail(why: string) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`the api-lambda handler process ${why}; its stderr says:\n${stderr}`));
    }
    child.once('exit', () => fail('exited'));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolve((JSON.parse(line) as { url: string }).url);
    });
  });
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
