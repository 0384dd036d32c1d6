import { startSecretsManagerStandIn, type SecretsManagerStandIn } from '@rds-platform/testing/secrets-manager';
import { handler } from './index';
import { DatabaseSession, type LoginTarget } from './lib/database-session';
import { DatabaseOperationError } from './lib/errors';
import { logger } from './lib/logger';
import { ROTATION_NOT_SET, ROTATION_ROLLED_BACK } from './lib/rotation-records';
import { SecretStore } from './lib/secret-store';
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

  afterEach(() => {
    jest.restoreAllMocks();
    if (savedEnv['POWERTOOLS_SERVICE_NAME'] === undefined) delete process.env['POWERTOOLS_SERVICE_NAME'];
    else process.env['POWERTOOLS_SERVICE_NAME'] = savedEnv['POWERTOOLS_SERVICE_NAME'];
  });

  const stagesOfToken = () => secrets.versions(secretId).find((candidate) => candidate.versionId === token)?.stages;

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

  it('T2: on a lost connection (not a refusal), leaves the password alone, records nothing and names the RotationFailed rule that pages', async () => {
    process.env['POWERTOOLS_SERVICE_NAME'] = 'rdsp-prod-secret-rotation';
    const lost = new DatabaseOperationError(
      'Could not read one heartbeat (PROTOCOL_CONNECTION_LOST).',
      'PROTOCOL_CONNECTION_LOST',
    );
    const session = fakeSession((sql) => (sql.startsWith('EXPLAIN SELECT run_id') ? lost : version(sql)));
    databaseWith(session);

    const failure = testSecret();

    await expect(failure).rejects.toThrow(
      'testSecret could not reach the database (Could not read one heartbeat (PROTOCOL_CONNECTION_LOST).) and did ' +
        'not put the old password back',
    );
    await expect(failure).rejects.toThrow('the EventBridge rule rdsp-prod-rotation-failed pages the alerts topic');
    expect(setBack(session)).toEqual([]);
    expect(stagesOfToken()).toEqual(['AWSPENDING', ROTATION_NOT_SET]);
  });

  it('T3: on an unexpected answer (the database answered: not a refusal, not an outage), records the rollback and sets the current password back', async () => {
    const odd = new DatabaseOperationError(
      'Could not read one heartbeat: rejected (ER_PARSE_ERROR).',
      'ER_PARSE_ERROR',
    );
    const session = fakeSession((sql) => (sql.startsWith('EXPLAIN SELECT run_id') ? odd : version(sql)));
    databaseWith(session);

    await expect(testSecret()).rejects.toThrow(
      'testSecret: the check of the app statements failed (Could not read one heartbeat: rejected (ER_PARSE_ERROR).); ' +
        `the database is back on the AWSCURRENT password (recorded as ${ROTATION_ROLLED_BACK} on version ${token})`,
    );

    expect(setBack(session)).toEqual([{ sql: 'SET PASSWORD = PASSWORD(?)', params: [CURRENT_PASSWORD] }]);
    expect(stagesOfToken()).toEqual(['AWSPENDING', ROTATION_NOT_SET, ROTATION_ROLLED_BACK]);
  });

  it('T6: when Secrets Manager cannot record the rollback, the database is still put back and the error gives the command that records it', async () => {
    const denied = new DatabaseOperationError('Could not record a heartbeat: refused.', 'ER_TABLEACCESS_DENIED_ERROR');
    const session = fakeSession((sql) => (sql.startsWith('EXPLAIN INSERT') ? denied : version(sql)));
    databaseWith(session);
    jest
      .spyOn(SecretStore.prototype, 'moveStage')
      .mockRejectedValue(Object.assign(new Error('down'), { name: 'TimeoutError' }));

    await expect(testSecret()).rejects.toThrow(
      'the database is back on the AWSCURRENT password; the rollback could not be recorded (TimeoutError), so a ' +
        'finishSecret run while the database is unreachable would move AWSCURRENT to this version; record it: ' +
        `aws secretsmanager update-secret-version-stage --secret-id ${secretId} --version-stage ${ROTATION_ROLLED_BACK} ` +
        `--move-to-version-id ${token}`,
    );
    expect(setBack(session)).toEqual([{ sql: 'SET PASSWORD = PASSWORD(?)', params: [CURRENT_PASSWORD] }]);
  });

  it('T5: when the database goes away during the set-back and cannot tell which password it takes, the rollback record stays', async () => {
    const denied = new DatabaseOperationError('Could not record a heartbeat: refused.', 'ER_TABLEACCESS_DENIED_ERROR');
    const gone = new DatabaseOperationError('Could not set the current password back (ECONNRESET).', 'ECONNRESET');
    const session = fakeSession((sql) =>
      sql.startsWith('EXPLAIN INSERT') ? denied : sql.startsWith('SET PASSWORD') ? gone : version(sql),
    );
    let pendingLogins = 0;
    jest.spyOn(DatabaseSession, 'tryLogin').mockImplementation(async (target: LoginTarget) => {
      if (target.password !== pendingPassword) return undefined;
      pendingLogins += 1;
      if (pendingLogins === 1) return session as unknown as DatabaseSession;
      throw new DatabaseOperationError('Could not connect (ECONNREFUSED).', 'ECONNREFUSED');
    });

    await expect(testSecret()).rejects.toThrow(
      'putting the database back on the AWSCURRENT password failed (Could not set the current password back ' +
        '(ECONNRESET).), and the database could not be reached to tell which password it takes',
    );
    expect(stagesOfToken()).toEqual(['AWSPENDING', ROTATION_NOT_SET, ROTATION_ROLLED_BACK]);
  });

  it('T5: when setting the password back fails too, says that only AWSPENDING logs in, naming no password', async () => {
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
    // The pending password still logs in: the rollback record came off again, so finishSecret does not refuse it.
    expect(stagesOfToken()).toEqual(['AWSPENDING', ROTATION_NOT_SET]);
  });

  it('T5: when AWSCURRENT still does not log in after the set-back, says so', async () => {
    const denied = new DatabaseOperationError('Could not record a heartbeat: refused.', 'ER_TABLEACCESS_DENIED_ERROR');
    const session = fakeSession((sql) => (sql.startsWith('EXPLAIN INSERT') ? denied : version(sql)));
    databaseWith(session, false);

    await expect(testSecret()).rejects.toThrow(
      'putting the database back on the AWSCURRENT password failed (AWSCURRENT still does not log in after setting ' +
        'its password back.)',
    );
  });
});
