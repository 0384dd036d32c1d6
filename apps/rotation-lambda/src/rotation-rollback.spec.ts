import { startSecretsManagerStandIn, type SecretsManagerStandIn } from '@rds-platform/testing/secrets-manager';
import { handler } from './index';
import { DatabaseSession, type LoginTarget } from './lib/database-session';
import { DatabaseOperationError } from './lib/errors';
import { logger } from './lib/logger';
import { beginRotation } from './testing/credentials-fixture';

const CURRENT_PASSWORD = 'current-Passw0rd-value';
const secretValue = { engine: 'mysql', host: 'db.internal', port: 3306, username: 'serverless', dbname: 'app' };

/**
 * A database session whose statements answer as `answer` says (a row for SELECT VERSION(), else nothing); it records
 * what was run, with the parameters, so a spec can see whether the password was set back.
 */
function fakeSession(answer: (sql: string) => unknown[] | Error) {
  const ran: { sql: string; params: unknown[] }[] = [];
  const session = {
    schemaRefused: undefined,
    ran,
    async run(_purpose: string, sql: string, params: unknown[] = []) {
      ran.push({ sql, params });
      const result = answer(sql);
      if (result instanceof Error) throw result;
      return result;
    },
    async close() {},
  };
  return session;
}
const version = (sql: string) => (sql.startsWith('SELECT VERSION()') ? [{ version: '10.11.19-MariaDB' }] : []);

// The failures that need a database to go wrong in a particular way, mid-step: the sessions are stand-ins, Secrets
// Manager is the stand-in server, the rotation code is the real one.
describe('a testSecret that fails after the pending password logged in', () => {
  let secrets: SecretsManagerStandIn;
  const savedEnv = { ...process.env };
  let secretId: string;
  let token: string;
  let pendingPassword: string;

  beforeAll(async () => {
    secrets = await startSecretsManagerStandIn();
    Object.assign(process.env, secrets.clientEnv());
    logger.setLogLevel('SILENT'); // each failure logs an ERROR by design
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    process.env = savedEnv;
    await secrets?.stop();
  });

  beforeEach(async () => {
    secretId = secrets.createSecret(
      `rollback-${Math.random().toString(36).slice(2, 8)}`,
      JSON.stringify({ ...secretValue, password: CURRENT_PASSWORD }),
    );
    token = await beginRotation(secrets, secretId);
    await handler({ SecretId: secretId, ClientRequestToken: token, Step: 'createSecret' });
    const pending = secrets.versions(secretId).find((candidate) => candidate.versionId === token);
    pendingPassword = String(JSON.parse(String(pending?.secretString)).password);
  });

  afterEach(() => jest.restoreAllMocks());

  /** Logins: the pending password opens `pendingSession`; the current one opens a session that just answers. */
  function databaseWith(pendingSession: ReturnType<typeof fakeSession>, currentLogsIn = true) {
    jest.spyOn(DatabaseSession, 'tryLogin').mockImplementation(async (target: LoginTarget) => {
      if (target.password === pendingPassword) return pendingSession as unknown as DatabaseSession;
      if (target.password === CURRENT_PASSWORD && currentLogsIn) {
        return fakeSession(version) as unknown as DatabaseSession;
      }
      return undefined;
    });
  }
  const testSecret = () => handler({ SecretId: secretId, ClientRequestToken: token, Step: 'testSecret' });
  const setBack = (session: ReturnType<typeof fakeSession>) =>
    session.ran.filter((statement) => statement.sql.startsWith('SET PASSWORD'));

  it('on a lost connection (not a refusal), sets the current password back and fails with that error', async () => {
    const lost = new DatabaseOperationError(
      'Could not read one heartbeat (PROTOCOL_CONNECTION_LOST).',
      'PROTOCOL_CONNECTION_LOST',
    );
    const session = fakeSession((sql) => (sql.startsWith('EXPLAIN SELECT run_id') ? lost : version(sql)));
    databaseWith(session);

    await expect(testSecret()).rejects.toThrow('Could not read one heartbeat (PROTOCOL_CONNECTION_LOST).');

    expect(setBack(session)).toEqual([{ sql: 'SET PASSWORD = PASSWORD(?)', params: [CURRENT_PASSWORD] }]);
  });

  it('when setting the password back fails too, says that only AWSPENDING logs in, naming no password', async () => {
    const denied = new DatabaseOperationError('Could not record a heartbeat: refused.', 'ER_TABLEACCESS_DENIED_ERROR');
    const gone = new DatabaseOperationError('Could not set the current password back (ECONNRESET).', 'ECONNRESET');
    const session = fakeSession((sql) =>
      sql.startsWith('EXPLAIN INSERT') ? denied : sql.startsWith('SET PASSWORD') ? gone : version(sql),
    );
    databaseWith(session);

    const failure = testSecret();

    await expect(failure).rejects.toThrow(
      'cannot record a heartbeat (ER_TABLEACCESS_DENIED_ERROR); putting the database back on the AWSCURRENT ' +
        'password failed (Could not set the current password back (ECONNRESET).), so only AWSPENDING logs in',
    );
    const message = await failure.catch((error: Error) => error.message);
    expect(message).not.toContain(CURRENT_PASSWORD);
    expect(message).not.toContain(pendingPassword);
  });

  it('when AWSCURRENT still does not log in after the set-back, says so', async () => {
    const denied = new DatabaseOperationError('Could not record a heartbeat: refused.', 'ER_TABLEACCESS_DENIED_ERROR');
    const session = fakeSession((sql) => (sql.startsWith('EXPLAIN INSERT') ? denied : version(sql)));
    databaseWith(session, false);

    await expect(testSecret()).rejects.toThrow(
      'putting the database back on the AWSCURRENT password failed (AWSCURRENT still does not log in after setting ' +
        'its password back.)',
    );
  });
});
