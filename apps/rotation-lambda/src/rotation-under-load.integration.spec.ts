import path from 'node:path';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { localContext, toPayloadV2Event } from '@rds-platform/lambda-http';
import { APP_USER, startCredentialsFixture, type CredentialsFixture } from './testing/credentials-fixture';
import { startLambdaContainer, type LambdaContainer } from './testing/lambda-container';

// Both Lambdas run from their built bundles, exactly what Lambda runs (the integration target depends on both builds);
// apps never import apps.
const API_BUNDLE = path.resolve(__dirname, '../../../dist/apps/api-lambda/index.js');
const ROTATION_BUNDLE = path.resolve(__dirname, '../../../dist/apps/rotation-lambda/index.js');
const STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;

interface Outcome {
  readonly container: string;
  readonly request: string;
  readonly statusCode: number;
  readonly body: string;
}

describe('rotation under load', () => {
  let fixture: CredentialsFixture;
  let secretId: string;
  const containers: LambdaContainer[] = [];
  const apiContainers: LambdaContainer[] = [];
  let rotationFunction: LambdaContainer;
  let bootstrapFunction: LambdaContainer;

  beforeAll(async () => {
    fixture = await startCredentialsFixture();
    secretId = fixture.newAppSecret();
    const rotationEnv = { ...fixture.secrets.clientEnv(), DB_TLS_CA_FILE: String(fixture.db.caFile) };
    bootstrapFunction = await startLambdaContainer(ROTATION_BUNDLE, rotationEnv, 'bootstrap');
    rotationFunction = await startLambdaContainer(ROTATION_BUNDLE, rotationEnv, 'handler');
    containers.push(bootstrapFunction, rotationFunction);
    await bootstrapFunction.invoke(fixture.bootstrapInput(secretId), {});
  });

  afterAll(async () => {
    await Promise.all(containers.map((container) => container.stop()));
    await fixture?.stop();
  });

  /** A cold api-lambda container with the environment the infrastructure gives it, pointed at the local stand-ins. */
  async function apiContainer(): Promise<LambdaContainer> {
    const container = await startLambdaContainer(API_BUNDLE, {
      ...fixture.secrets.clientEnv(),
      DB_SECRET_ARN: secretId,
      DB_TLS_CA_FILE: String(fixture.db.caFile),
      DB_CONNECT_TIMEOUT_MS: '2000',
      // Everything it can say (debug logs, EMF metrics), so the password scan below has real output to read.
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
    });
    containers.push(container);
    apiContainers.push(container);
    return container;
  }

  /** Root KILLs every session of the app user: each warm container must log in again on its next request. */
  async function killAppSessions(): Promise<number> {
    const sessions = await fixture.db.rootQuery<{ ID: number }>(
      'SELECT ID FROM information_schema.PROCESSLIST WHERE USER = ?',
      [APP_USER],
    );
    for (const { ID } of sessions) await fixture.db.rootQuery(`KILL ${Number(ID)}`);
    return sessions.length;
  }

  /** Resolves once every warm container has answered a request successfully after outcome number `since`. */
  async function eachWarmAnsweredSince(outcomes: readonly Outcome[], since: number, warmCount: number): Promise<void> {
    const answered = () =>
      new Set(
        outcomes
          .slice(since)
          .filter((o) => o.container.startsWith('warm') && o.statusCode < 300)
          .map((o) => o.container),
      );
    while (answered().size < warmCount) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  async function call(name: string, container: LambdaContainer, seq: number): Promise<Outcome> {
    const write = seq % 2 === 0;
    const body = write ? Buffer.from(JSON.stringify({ runId: 'rotation-under-load', seq })) : undefined;
    const event = toPayloadV2Event({
      method: write ? 'POST' : 'GET',
      url: write ? '/heartbeats' : '/time',
      headers: write ? { 'content-type': 'application/json' } : {},
      body,
    });
    const context = { ...localContext('api-lambda') }; // IPC carries its fields; the container adds the methods
    const result = await container.invoke<APIGatewayProxyStructuredResultV2>(event, context);
    return { container: name, request: event.rawPath, statusCode: result.statusCode ?? 0, body: String(result.body) };
  }

  it('api-lambda answers every request while a rotation runs: warm containers looping, a cold start after each step', async () => {
    const warm = await Promise.all([apiContainer(), apiContainer()]);
    const outcomes: Outcome[] = [];
    let rotating = true;
    let seq = 0;

    // GIVEN warm containers calling in a loop, reads and writes alternating
    const load = warm.map(async (container, index) => {
      while (rotating) outcomes.push(await call(`warm-${index}`, container, (seq += 1)));
    });

    // WHEN the service runs a rotation, with a cold start after each step: after setSecret and testSecret the
    // database already has AWSPENDING while AWSCURRENT still holds the old password (the single-user window).
    // Right after setSecret the app user's sessions are killed, so the warm containers must log in again inside
    // the window too, and each of them answers before the rotation goes on.
    const token = await fixture.beginRotation(secretId);
    let killedSessions = 0;
    for (const Step of STEPS) {
      await rotationFunction.invoke({ SecretId: secretId, ClientRequestToken: token, Step }, {});
      if (Step === 'setSecret') {
        const since = outcomes.length;
        killedSessions = await killAppSessions();
        await eachWarmAnsweredSince(outcomes, since, warm.length);
      }
      outcomes.push(await call(`cold-after-${Step}`, await apiContainer(), (seq += 1)));
    }
    rotating = false;
    await Promise.all(load);

    // THEN nothing failed, the warm containers really logged in again with the pending version, and the rotation
    // really happened
    const failures = outcomes.filter((outcome) => outcome.statusCode >= 300);
    expect(failures).toEqual([]);
    expect(killedSessions).toBeGreaterThanOrEqual(warm.length);
    for (const container of warm) expect(container.output()).toContain('Logged in with the pending secret version');
    expect(outcomes.filter((outcome) => outcome.container.startsWith('warm')).length).toBeGreaterThan(10);
    expect(outcomes.filter((outcome) => outcome.container.startsWith('cold'))).toHaveLength(STEPS.length);
    expect(fixture.secrets.versions(secretId).find((version) => version.versionId === token)?.stages).toContain(
      'AWSCURRENT',
    );
  });

  it('the bundled rotation and bootstrap functions logged structured lines, none with a password', () => {
    const logs = rotationFunction.output() + bootstrapFunction.output();

    expect(logs).toContain('"message":"finishSecret: moved AWSCURRENT"');
    expect(logs).toContain('"message":"Bootstrap finished"');
    for (const password of fixture.knownPasswords()) expect(logs).not.toContain(password);
  });

  it('no api-lambda container printed the old or the new password', () => {
    const passwords = fixture.knownPasswords();

    expect(passwords.length).toBeGreaterThanOrEqual(2); // the bootstrap's and the rotation's
    expect(apiContainers.length).toBeGreaterThan(STEPS.length);
    for (const container of apiContainers) {
      const printed = container.output();
      expect(printed.length).toBeGreaterThan(0);
      for (const password of passwords) expect(printed).not.toContain(password);
    }
  });
});
