// rotation-under-load.integration.spec.ts again, with the RDS Proxy stand-in between the API containers and MariaDB,
// as in AWS: the API logs in to the proxy, the proxy logs in to the DB with its copy of the secret (AWSCURRENT), and
// the rotation Lambda connects to the instance itself (the secret's host). What changes through a proxy:
// - the single-user window moves to the proxy. Between setSecret and finishSecret the DB has AWSPENDING's password
//   while the secret's AWSCURRENT still has the old one; "until you update the secret, attempts to connect through the
//   proxy using that secret fail" (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-secrets-arns.html),
//   so the proxy cannot open new DB connections in that window, while its pooled ones keep serving (the single-user
//   strategy keeps open connections: https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets_strategies.html).
//   A client that needs a new DB connection then waits at most the borrow timeout
//   (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-connections.html) and gets 503 + Retry-After;
// - once finishSecret has moved AWSCURRENT, the proxy must not lock anyone out: it re-reads the secret when the DB
//   refuses its cached copy or a client presents another password (docs/rds-proxy-local.md), so new DB logins and new
//   client logins with the rotated secret succeed;
// - none of it may pin a session (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-pinning.html).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { localContext, toPayloadV2Event } from '@rds-platform/lambda-http';
import { createConnection } from 'mysql2/promise';
import { APP_USER, SCHEMA, startCredentialsFixture, type CredentialsFixture } from './testing/credentials-fixture';
import { startLambdaContainer, type LambdaContainer } from './testing/lambda-container';
import { startProxyInFront, type ProxyInFront } from './testing/proxy-in-front';

const API_BUNDLE = path.resolve(__dirname, '../../../dist/apps/api-lambda/index.js');
const ROTATION_BUNDLE = path.resolve(__dirname, '../../../dist/apps/rotation-lambda/index.js');
const STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;
const BORROW_TIMEOUT_MS = 2000;
const GIVE_UP_MS = 20_000;

interface Outcome {
  readonly container: string;
  readonly request: string;
  readonly statusCode: number;
  readonly retryAfter: string | undefined;
  readonly body: string;
  /** performance.now() when the request was sent and when its answer came. */
  readonly started: number;
  readonly ended: number;
}

describe('rotation under load, the API through the RDS Proxy stand-in', () => {
  let fixture: CredentialsFixture;
  let secretId: string;
  let front: ProxyInFront;
  const containers: LambdaContainer[] = [];
  let rotationFunction: LambdaContainer;
  /** The most pinned DB connections `GET /metrics` showed after any request. */
  let pinnedSeen = 0;

  beforeAll(async () => {
    fixture = await startCredentialsFixture();
    secretId = fixture.newAppSecret();
    const rotationEnv = { ...fixture.secrets.clientEnv(), DB_TLS_CA_FILE: String(fixture.db.caFile) };
    const bootstrapFunction = await startLambdaContainer(ROTATION_BUNDLE, rotationEnv, 'bootstrap');
    rotationFunction = await startLambdaContainer(ROTATION_BUNDLE, rotationEnv, 'handler');
    containers.push(bootstrapFunction, rotationFunction);
    await bootstrapFunction.invoke(fixture.bootstrapInput(secretId), {});
    // A small pool, so the kills below empty it, and a short borrow timeout, so a client caught in the window is
    // answered within the spec.
    front = await startProxyInFront(fixture, secretId, { maxDbConnections: 3, borrowTimeoutMs: BORROW_TIMEOUT_MS });
  });

  afterAll(async () => {
    await Promise.all(containers.map((container) => container.stop()));
    await front?.close();
    await fixture?.stop();
  });

  /** A cold api-lambda container with the infrastructure's environment, its DB_HOST the proxy (as Terraform sets it). */
  async function apiContainer(): Promise<LambdaContainer> {
    const container = await startLambdaContainer(API_BUNDLE, {
      ...fixture.secrets.clientEnv(),
      ...front.clientEnv(),
      DB_SECRET_ARN: secretId,
      DB_TLS_CA_FILE: String(fixture.db.caFile),
      DB_CONNECT_TIMEOUT_MS: '2000',
    });
    containers.push(container);
    return container;
  }

  /** Root KILLs every session of the app user: through the proxy, those are the proxy's pooled DB connections. */
  async function killAppSessions(): Promise<number> {
    const sessions = await fixture.db.rootQuery<{ ID: number }>(
      'SELECT ID FROM information_schema.PROCESSLIST WHERE USER = ?',
      [APP_USER],
    );
    for (const { ID } of sessions) await fixture.db.rootQuery(`KILL ${Number(ID)}`);
    return sessions.length;
  }

  /**
   * Polls until `condition` holds. It gives up after GIVE_UP_MS so that a proxy locked out fails the spec with what it
   * waited for, instead of leaving the load running past Jest's timeout; no spec asserts how long anything took.
   */
  async function until(what: string, condition: () => Promise<boolean> | boolean): Promise<void> {
    const giveUp = performance.now() + GIVE_UP_MS;
    while (!(await condition())) {
      if (performance.now() > giveUp) throw new Error(`gave up waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async function call(name: string, container: LambdaContainer, seq: number): Promise<Outcome> {
    const write = seq % 2 === 0;
    const body = write ? Buffer.from(JSON.stringify({ runId: 'rotation-through-proxy', seq })) : undefined;
    const event = toPayloadV2Event({
      method: write ? 'POST' : 'GET',
      url: write ? '/heartbeats' : '/time',
      headers: write ? { 'content-type': 'application/json' } : {},
      body,
    });
    const started = performance.now();
    const result = await container.invoke<APIGatewayProxyStructuredResultV2>(event, { ...localContext('api-lambda') });
    const ended = performance.now();
    pinnedSeen = Math.max(pinnedSeen, (await front.metrics()).DatabaseConnectionsCurrentlySessionPinned);
    const headers = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    return {
      container: name,
      request: event.rawPath,
      statusCode: result.statusCode ?? 0,
      retryAfter: headers['retry-after'] === undefined ? undefined : String(headers['retry-after']),
      body: String(result.body),
      started,
      ended,
    };
  }

  it('clients fail only inside the window (503 + Retry-After), the proxy is not locked out after it, nothing pins', async () => {
    const warm = await Promise.all([apiContainer(), apiContainer()]);
    const outcomes: Outcome[] = [];
    let rotating = true;
    let seq = 0;
    const load = warm.map(async (container, index) => {
      while (rotating) outcomes.push(await call(`warm-${index}`, container, (seq += 1)));
    });
    let windowOpened = 0;
    let windowClosed = 0;
    let killedInWindow = 0;
    let refusedInWindow = 0;
    let failedAuthBeforeFinish = -1;
    let setupSucceededBefore = 0;
    let killedAfter = 0;
    let token = '';
    try {
      await until(
        'a first answer from each warm container',
        () => outcomes.filter((o) => o.statusCode < 300).length >= warm.length,
      );

      // WHEN a rotation runs, a cold container after each step. Right after setSecret the proxy's DB connections are
      // killed, so it must log in again inside the window, where the DB refuses the secret it has.
      token = await fixture.beginRotation(secretId);
      for (const Step of STEPS) {
        if (Step === 'setSecret') windowOpened = performance.now();
        if (Step === 'finishSecret') failedAuthBeforeFinish = (await front.metrics()).ClientConnectionsSetupFailedAuth;
        await rotationFunction.invoke({ SecretId: secretId, ClientRequestToken: token, Step }, {});
        if (Step === 'setSecret') {
          const failedBefore = (await front.metrics()).DatabaseConnectionsSetupFailed;
          killedInWindow = await killAppSessions();
          // The window is real at the proxy: it tried to log in with its secret and the DB refused.
          await until(
            'a refused DB login at the proxy',
            async () => (await front.metrics()).DatabaseConnectionsSetupFailed > failedBefore,
          );
          refusedInWindow = (await front.metrics()).DatabaseConnectionsSetupFailed - failedBefore;
        }
        if (Step === 'finishSecret') {
          front.syncSecret(); // as the mirror would within milliseconds; the window ends when AWSCURRENT has moved
          windowClosed = performance.now();
        }
        outcomes.push(await call(`cold-after-${Step}`, await apiContainer(), (seq += 1)));
      }

      // AND after the rotation the proxy's DB connections are killed again: it must log in with the rotated secret
      setupSucceededBefore = (await front.metrics()).DatabaseConnectionsSetupSucceeded;
      killedAfter = await killAppSessions();
      const since = outcomes.length;
      await until(
        'an answer from each warm container after the rotation',
        () =>
          new Set(
            outcomes
              .slice(since)
              .filter((o) => o.container.startsWith('warm') && o.statusCode < 300)
              .map((o) => o.container),
          ).size === warm.length,
      );
      outcomes.push(await call('cold-after-rotation', await apiContainer(), (seq += 1)));
    } finally {
      rotating = false;
      await Promise.allSettled(load);
    }
    const after = await front.metrics();

    // THEN every request clear of the window succeeded, and those that overlapped it either succeeded or got the
    // retryable 503 the borrow timeout gives
    const clear = outcomes.filter((o) => o.ended < windowOpened || o.started > windowClosed);
    const overlapping = outcomes.filter((o) => !clear.includes(o));
    expect(clear.filter((o) => o.statusCode >= 300)).toEqual([]);
    expect(overlapping.filter((o) => o.statusCode >= 300 && !(o.statusCode === 503 && o.retryAfter))).toEqual([]);
    expect(clear.filter((o) => o.started > windowClosed && o.container.startsWith('warm')).length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o.container.startsWith('cold'))).toHaveLength(STEPS.length + 1);
    // the window was exercised: the proxy lost its DB connections in it and the DB refused its secret
    expect(killedInWindow).toBeGreaterThan(0);
    expect(refusedInWindow).toBeGreaterThan(0);
    // no lock-out: no client presenting AWSCURRENT was refused by the proxy during the rotation, and after it the
    // proxy opened new DB connections, which only the rotated password can do now
    expect(failedAuthBeforeFinish).toBe(0);
    expect(killedAfter).toBeGreaterThan(0);
    expect(after.DatabaseConnectionsSetupSucceeded).toBeGreaterThan(setupSucceededBefore);
    expect(fixture.secrets.versions(secretId).find((version) => version.versionId === token)?.stages).toContain(
      'AWSCURRENT',
    );
    // nothing pinned, over the whole run
    expect(pinnedSeen).toBe(0);
    expect(after.DatabaseConnectionsCurrentlySessionPinned).toBe(0);
    expect(front.pinLogLines()).toEqual([]);
  }, 90_000);

  it('a new client login through the proxy succeeds with the rotated password and is refused with the old one', async () => {
    const rotated = String(fixture.current(secretId)['password']);
    // The app secret's other versions: the bootstrap's password, AWSPREVIOUS now.
    const old = fixture.secrets
      .versions(secretId)
      .map(({ secretString }) => (secretString ? String(JSON.parse(secretString).password) : ''))
      .filter((password) => password.length > 0 && password !== rotated);
    const login = (password: string) =>
      createConnection({
        host: front.proxy.host,
        port: front.proxy.port,
        user: APP_USER,
        password,
        database: SCHEMA,
        ssl: { ca: readFileSync(String(fixture.db.caFile)), rejectUnauthorized: true },
      });
    const failedAuthBefore = (await front.metrics()).ClientConnectionsSetupFailedAuth;

    const client = await login(rotated);
    try {
      const [rows] = await client.query('SELECT CURRENT_USER() AS user');
      expect(rows).toEqual([{ user: `${APP_USER}@%` }]);
      // Control: the pinned counter the spec above asserts zero does count (a user variable pins).
      await client.query('SET @through_proxy = 1');
      expect((await front.metrics()).DatabaseConnectionsCurrentlySessionPinned).toBe(1);
      expect(front.pinLogLines().length).toBeGreaterThan(0);
    } finally {
      await client.end();
    }
    expect(old.length).toBeGreaterThan(0);
    for (const password of old) {
      await expect(login(password)).rejects.toMatchObject({ code: 'ER_ACCESS_DENIED_ERROR' });
    }
    expect((await front.metrics()).ClientConnectionsSetupFailedAuth).toBe(failedAuthBefore + old.length);
  });
});
