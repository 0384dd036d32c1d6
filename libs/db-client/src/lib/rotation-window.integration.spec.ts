// Single-user rotation: between setSecret and finishSecret the database already has the AWSPENDING password while
// AWSCURRENT still holds the old one. A container that opens a new connection in that window must still log in.
import { RotateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createAppUser } from '@rds-platform/testing/mariadb';
import { createDbClient, DbAuthError } from '../index';
import { recordingLogger, recordingObserver, startDbFixture, type DbFixture } from '../testing/spec-fixture';

jest.setTimeout(60_000);

let fixture: DbFixture;

beforeAll(async () => {
  fixture = await startDbFixture();
});

afterAll(async () => {
  await fixture?.destroy();
});

/**
 * A user with its own secret, stopped where setSecret leaves a rotation: AWSCURRENT = `current`, AWSPENDING =
 * `pending` (RotateSecret + PutSecretValue, through the real SDK as the rotation Lambda does), and the database on
 * `dbPassword`.
 */
async function secretMidRotation(user: string, passwords: { current: string; pending: string; dbPassword: string }) {
  await createAppUser(fixture.server, { database: fixture.database, user, password: passwords.current });
  // What setSecret does on MariaDB, here as root.
  await fixture.server.rootQuery(`SET PASSWORD FOR ?@'%' = PASSWORD(?)`, [user, passwords.dbPassword]);
  const secretId = fixture.secrets.createSecret(user, JSON.stringify({ username: user, password: passwords.current }));
  const sdk = new SecretsManagerClient({});
  const { VersionId } = await sdk.send(
    new RotateSecretCommand({ SecretId: secretId, ClientRequestToken: `token-${user}-0001-0001` }),
  );
  fixture.secrets.putSecretValue(secretId, JSON.stringify({ username: user, password: passwords.pending }), [
    'AWSPENDING',
  ]);
  sdk.destroy();
  fixture.secrets.resetCallCounts();
  expect(VersionId).toBeDefined();
  return secretId;
}

describe('a cold container inside the single-user rotation window', () => {
  it('logs in with AWSPENDING when fresh AWSCURRENT is refused, and keeps it for the next connection', async () => {
    const secretId = await secretMidRotation('mid_rotation', {
      current: 'old-pw-1',
      pending: 'new-pw-1',
      dbPassword: 'new-pw-1',
    });
    const observer = recordingObserver();
    const logger = recordingLogger();
    const db = createDbClient(
      fixture.config({ auth: { mode: 'secret', secretId }, database: fixture.database, observer, logger }),
    );

    const rows = await db.query('SELECT CURRENT_USER() AS who');
    const callsForColdLogin = fixture.secrets.callCount('GetSecretValue');
    await fixture.killAppSessions('mid_rotation');
    const again = await db.query('SELECT 1 AS one');
    await db.close();

    expect(rows).toEqual([{ who: 'mid_rotation@%' }]);
    // AWSCURRENT, AWSCURRENT forced, AWSPENDING; the reconnect reuses the adopted pending value.
    expect(callsForColdLogin).toBe(3);
    expect(again).toEqual([{ one: 1 }]);
    expect(fixture.secrets.callCount('GetSecretValue')).toBe(3);
    expect(observer.counts).toMatchObject({ forcedRefresh: 1, opened: 2 });
    expect(logger.all.join('\n')).not.toMatch(/old-pw-1|new-pw-1/);
  });

  it('still gives DbAuthError when an abandoned AWSPENDING is refused too, without echoing either password', async () => {
    const secretId = await secretMidRotation('abandoned', {
      current: 'stale-pw-2',
      pending: 'dead-pw-2',
      dbPassword: 'real-pw-2',
    });
    const logger = recordingLogger();
    const db = createDbClient(fixture.config({ auth: { mode: 'secret', secretId }, logger }));

    const error = await db.query('SELECT 1').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DbAuthError);
    expect(fixture.secrets.callCount('GetSecretValue')).toBe(3);
    expect(String((error as Error).message) + logger.all.join('\n')).not.toMatch(/stale-pw-2|dead-pw-2|real-pw-2/);
  });
});
