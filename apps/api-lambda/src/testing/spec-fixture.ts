// Shared by the handler specs: a TLS MariaDB with the migrated schema and a DML-only app user, a Secrets Manager
// stand-in holding that user's secret, and helpers to invoke the handler the way API Gateway does.
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createDbClient, dbClientConfigFromUrl } from '@rds-platform/db-client';
import { runMigrations } from '@rds-platform/db';
import { localContext, toPayloadV2Event } from '@rds-platform/lambda-http';
import { createAppUser, startMariaDb, type MariaDbServer } from '@rds-platform/testing/mariadb';
import { startSecretsManagerStandIn, type SecretsManagerStandIn } from '@rds-platform/testing/secrets-manager';
import { createHandler, type Handler } from '../handler';
import { InvocationLogger, type Telemetry } from '../telemetry';

export interface Invocation {
  readonly method?: string;
  /** Path with query string, e.g. `/heartbeats?runId=a`. */
  readonly path: string;
  /** A Buffer is sent as these exact bytes (e.g. invalid UTF-8). */
  readonly body?: string | Buffer;
  /** @default application/json when there is a body */
  readonly contentType?: string;
}

export interface InvocationResult {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly json: Record<string, unknown>;
}

export async function invoke(
  handler: Handler,
  { method = 'GET', path, body, contentType = 'application/json' }: Invocation,
): Promise<InvocationResult> {
  const event = toPayloadV2Event({
    method,
    url: path,
    headers: body === undefined ? {} : { 'content-type': contentType },
    body: body === undefined ? undefined : Buffer.from(body),
  });
  const result = (await handler(event, localContext('api-lambda'))) as APIGatewayProxyStructuredResultV2;
  return {
    statusCode: result.statusCode ?? 0,
    headers: (result.headers ?? {}) as Record<string, string>,
    json: JSON.parse(result.body ?? 'null'),
  };
}

/** Telemetry that stays quiet in test output; spy on `metrics.addMetric` to count what was recorded. */
export function quietTelemetry(): Telemetry {
  const logger = new InvocationLogger({ serviceName: 'api-lambda-test', logLevel: 'SILENT' });
  const metrics = new Metrics({ serviceName: 'api-lambda-test', namespace: 'Test', logger });
  // Keeps EMF lines out of the test output; the metrics are still recorded and can be spied on.
  jest.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics.clearMetrics() as never);
  return { logger, metrics };
}

export interface ApiFixture {
  readonly server: MariaDbServer;
  readonly secrets: SecretsManagerStandIn;
  readonly secretArn: string;
  readonly password: () => string;
  /** The environment the infrastructure would set, pointing at the throwaway server. */
  env(overrides?: Record<string, string>): Record<string, string>;
  /** A handler for a fresh container. */
  handler(overrides?: Record<string, string>): { handler: Handler; metrics: Metrics };
  rotatePassword(password: string): Promise<void>;
  /** The server drops the app user's idle sessions (as the proxy does after its idle timeout). */
  dropAppSessions(): Promise<void>;
  destroy(): Promise<void>;
}

const USER = 'serverless';
const DATABASE = 'app';

export async function startApiFixture(): Promise<ApiFixture> {
  const server = await startMariaDb({ tls: true });
  const secrets = await startSecretsManagerStandIn();
  let password = 'first-password';
  await createAppUser(server, { database: DATABASE, user: USER, password });
  const admin = createDbClient(
    dbClientConfigFromUrl(server.url({ database: DATABASE }), { tls: { mode: 'disabled' } }),
  );
  await runMigrations((sql, params) => admin.query(sql, params));
  await admin.close();
  const secretArn = secrets.createSecret('api-db', JSON.stringify({ username: USER, password, dbname: DATABASE }));
  const savedEnv = { ...process.env };
  Object.assign(process.env, secrets.clientEnv());

  const fixture: ApiFixture = {
    server,
    secrets,
    secretArn,
    password: () => password,
    env: (overrides = {}) => ({
      DB_SECRET_ARN: secretArn,
      DB_HOST: server.host,
      DB_PORT: String(server.port),
      DB_TLS_CA_FILE: server.caFile as string,
      DB_CONNECT_TIMEOUT_MS: '1000',
      ...overrides,
    }),
    handler(overrides) {
      const telemetry = quietTelemetry();
      return { handler: createHandler(fixture.env(overrides), telemetry), metrics: telemetry.metrics };
    },
    async rotatePassword(next) {
      await server.rootQuery(`ALTER USER ?@'%' IDENTIFIED BY ?`, [USER, next]);
      secrets.putSecretValue(secretArn, JSON.stringify({ username: USER, password: next, dbname: DATABASE }));
      password = next;
    },
    async dropAppSessions() {
      const sessions = await server.rootQuery<{ ID: number }>(
        'SELECT ID FROM information_schema.PROCESSLIST WHERE USER = ?',
        [USER],
      );
      for (const { ID } of sessions) await server.rootQuery(`KILL ${Number(ID)}`);
      // Let the client see the close, as it would after a freeze, before the next invocation.
      await new Promise((resolve) => setTimeout(resolve, 200));
    },
    async destroy() {
      process.env = savedEnv;
      await secrets.stop();
      await server.destroy();
    },
  };
  return fixture;
}

/**
 * Registers the hooks of a spec file that shares one fixture: started before its tests, destroyed after. Returns the
 * running fixture's accessor (the fixture exists only once `beforeAll` has run).
 */
export function useApiFixture(): () => ApiFixture {
  let fixture: ApiFixture | undefined;
  beforeAll(async () => {
    fixture = await startApiFixture();
  });
  afterAll(async () => {
    await fixture?.destroy();
  });
  return () => {
    if (!fixture) throw new Error('the API fixture has not started (use it inside a test)');
    return fixture;
  };
}
