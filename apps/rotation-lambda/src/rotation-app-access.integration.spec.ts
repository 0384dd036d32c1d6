import { APP_STATEMENTS } from '@rds-platform/db';
import { ROTATION_ROLLED_BACK } from './lib/rotation-records';
import { SecretStore } from './lib/secret-store';
import { APP_USER, SCHEMA } from './testing/credentials-fixture';
import { rotationMayStart, stagesByVersion } from './testing/outages';
import { ROTATION_STEPS, useRotationSuite } from './testing/rotation-suite';

const USER = `'${APP_USER}'@'%'`;
const ROLE = 'app_writer';

/** The ways an operator may give the app user its rights; each must rotate. */
const GRANT_FORMS: { form: string; grant: string[] }[] = [
  {
    form: 'a schema grant (what bootstrap gives)',
    grant: [`GRANT SELECT, INSERT, UPDATE ON \`${SCHEMA}\`.* TO ${USER}`],
  },
  {
    form: 'table grants',
    grant: [`GRANT SELECT, INSERT, UPDATE ON \`${SCHEMA}\`.heartbeats TO ${USER}`],
  },
  {
    form: 'column grants',
    grant: [
      `GRANT SELECT (id, run_id, seq, db_host, created_at), INSERT (run_id, seq, db_host, created_at), ` +
        `UPDATE (id, run_id, seq, db_host, created_at) ON \`${SCHEMA}\`.heartbeats TO ${USER}`,
    ],
  },
  {
    form: 'a default role',
    grant: [
      `CREATE ROLE ${ROLE}`,
      `GRANT SELECT, INSERT, UPDATE ON \`${SCHEMA}\`.* TO ${ROLE}`,
      `GRANT ${ROLE} TO ${USER}`,
      `SET DEFAULT ROLE ${ROLE} FOR ${USER}`,
    ],
  },
];

describe('rotation with the app user rights given in any form (none with DELETE: the app runs none), against a throwaway MariaDB', () => {
  const suite = useRotationSuite();

  // GIVEN each test: a freshly bootstrapped app secret, and the app user stripped of every right.
  beforeEach(async () => {
    await suite.fixture.db.rootQuery(`REVOKE ALL PRIVILEGES, GRANT OPTION FROM ${USER}`);
  });

  afterEach(async () => {
    await suite.fixture.db.rootQuery(`SET DEFAULT ROLE NONE FOR ${USER}`);
    await suite.fixture.db.rootQuery(`DROP ROLE IF EXISTS ${ROLE}`);
  });

  const grant = async (statements: string[]) => {
    for (const statement of statements) await suite.fixture.db.rootQuery(statement);
  };
  /** The API's own write and read, as the app user. */
  const appWorks = async (password: string) => {
    const { recordHeartbeat, heartbeat } = APP_STATEMENTS;
    await suite.fixture.asApp(password, recordHeartbeat.sql, ['grant-forms', 1]);
    const rows = (await suite.fixture.asApp(password, heartbeat.sql, ['grant-forms', 1])) as unknown[];
    return rows.length === 1;
  };

  describe.each(GRANT_FORMS)('with $form', ({ grant: statements }) => {
    it('rotates, and the app works with the new password', async () => {
      await grant(statements);
      const oldPassword = suite.currentPassword();

      await suite.run(await suite.fixture.beginRotation(suite.secretId), ...ROTATION_STEPS);

      expect(suite.currentPassword()).not.toBe(oldPassword);
      expect(await appWorks(suite.currentPassword())).toBe(true);
      expect(await suite.fixture.logsIn(oldPassword)).toBe(false);
      // The check ran the app's statements as EXPLAIN: it wrote nothing.
      expect(
        await suite.fixture.db.rootQuery(`SELECT run_id FROM \`${SCHEMA}\`.heartbeats WHERE run_id = 'rotation-check'`),
      ).toEqual([]);
    });
  });

  it('refuses in setSecret, before the password changes, when the user cannot run an app statement', async () => {
    // GIVEN a user that may read and insert but not UPDATE (the idempotent insert needs it)
    await grant([`GRANT SELECT, INSERT ON \`${SCHEMA}\`.heartbeats TO ${USER}`]);
    const before = suite.fixture.current(suite.secretId);
    const token = await suite.fixture.beginRotation(suite.secretId);

    await expect(suite.run(token, ...ROTATION_STEPS)).rejects.toThrow(
      `setSecret left the password unchanged: logged in with AWSCURRENT, the user ${APP_USER} cannot record a ` +
        'heartbeat (ER_TABLEACCESS_DENIED_ERROR)',
    );

    expect(suite.fixture.current(suite.secretId)).toEqual(before);
    expect(await suite.fixture.logsIn(suite.currentPassword())).toBe(true);
    expect(await suite.fixture.logsIn(suite.passwordOf(token))).toBe(false);
  });

  it('refuses in setSecret when the rights come from a role that is not a default role', async () => {
    await grant([`CREATE ROLE ${ROLE}`, `GRANT SELECT, INSERT, UPDATE ON \`${SCHEMA}\`.* TO ${ROLE}`]);
    await grant([`GRANT ${ROLE} TO ${USER}`]);
    const token = await suite.fixture.beginRotation(suite.secretId);

    await expect(suite.run(token, ...ROTATION_STEPS)).rejects.toThrow(
      `setSecret left the password unchanged: logged in with AWSCURRENT, the user ${APP_USER} cannot use the ` +
        'schema (ER_DBACCESS_DENIED_ERROR)',
    );

    expect(await suite.fixture.logsIn(suite.currentPassword())).toBe(true);
    expect(await suite.fixture.logsIn(suite.passwordOf(token))).toBe(false);
  });

  it('puts the database back on AWSCURRENT when the rights go between setSecret and testSecret', async () => {
    await grant([`GRANT SELECT, INSERT, UPDATE ON \`${SCHEMA}\`.* TO ${USER}`]);
    const token = await suite.fixture.beginRotation(suite.secretId);
    await suite.run(token, 'createSecret', 'setSecret');
    expect(await suite.fixture.logsIn(suite.passwordOf(token))).toBe(true);
    await suite.fixture.db.rootQuery(`REVOKE UPDATE ON \`${SCHEMA}\`.* FROM ${USER}`);

    await expect(suite.run(token, 'testSecret')).rejects.toThrow(
      'cannot record a heartbeat (ER_TABLEACCESS_DENIED_ERROR); the database is back on the AWSCURRENT password',
    );

    expect(await suite.fixture.logsIn(suite.currentPassword())).toBe(true);
    expect(await suite.fixture.logsIn(suite.passwordOf(token))).toBe(false);
  });

  it('refuses finishSecret after testSecret put the database back, so AWSCURRENT keeps a password that logs in', async () => {
    // GIVEN the steps invoked by hand, one after the other, not stopping at a failure
    await grant([`GRANT SELECT, INSERT, UPDATE ON \`${SCHEMA}\`.* TO ${USER}`]);
    const token = await suite.fixture.beginRotation(suite.secretId);
    const before = suite.fixture.current(suite.secretId);
    await suite.run(token, 'createSecret', 'setSecret');
    await suite.fixture.db.rootQuery(`REVOKE UPDATE ON \`${SCHEMA}\`.* FROM ${USER}`);
    await expect(suite.run(token, 'testSecret')).rejects.toThrow('the database is back on the AWSCURRENT password');

    await expect(suite.run(token, 'finishSecret')).rejects.toThrow(
      'finishSecret left AWSCURRENT where it is: the AWSPENDING password',
    );

    expect(suite.fixture.current(suite.secretId)).toEqual(before);
    expect(await suite.fixture.logsIn(suite.currentPassword())).toBe(true);
  });

  it('S2: a refused setSecret takes AWSPENDING off its version (RotateSecret API reference: no new rotation while AWSPENDING is on a version other than AWSCURRENT), so once the rights are repaired a new rotation finishes', async () => {
    await grant([`GRANT SELECT, INSERT ON \`${SCHEMA}\`.* TO ${USER}`]);
    const token = await suite.fixture.beginRotation(suite.secretId);
    await expect(suite.run(token, ...ROTATION_STEPS)).rejects.toThrow(
      `AWSPENDING is off version ${token}, so a new rotation can start. Give the app user these rights, then rotate ` +
        `again (aws secretsmanager rotate-secret --secret-id ${suite.secretId}`,
    );
    expect(stagesByVersion(suite.fixture.secrets, suite.secretId)[token]).toEqual([]); // deprecated: no label left
    expect(rotationMayStart(suite.fixture.secrets, suite.secretId)).toBe(true);
    // The old token is over: Secrets Manager's own retries of it stop at the handler's guard.
    await expect(suite.run(token, 'createSecret')).rejects.toThrow('has no stage for rotation');

    await suite.fixture.db.rootQuery(`GRANT UPDATE ON \`${SCHEMA}\`.* TO ${USER}`);
    const next = await suite.fixture.beginRotation(suite.secretId);
    await suite.run(next, ...ROTATION_STEPS);

    expect(suite.currentPassword()).toBe(suite.passwordOf(next));
    expect(await appWorks(suite.currentPassword())).toBe(true);
  });

  it('S4: when Secrets Manager cannot take AWSPENDING off, the refusal gives the exact update-secret-version-stage command (UpdateSecretVersionStage API reference)', async () => {
    await grant([`GRANT SELECT, INSERT ON \`${SCHEMA}\`.* TO ${USER}`]);
    const token = await suite.fixture.beginRotation(suite.secretId);
    await suite.run(token, 'createSecret');
    const removeStage = SecretStore.prototype.removeStage;
    jest.spyOn(SecretStore.prototype, 'removeStage').mockImplementation(function (this: SecretStore, ...args) {
      suite.fixture.secrets.setAvailable(false); // Secrets Manager goes away just before the call
      return removeStage.apply(this, args);
    });
    try {
      const failure = suite.run(token, 'setSecret');
      await expect(failure).rejects.toThrow(`Taking AWSPENDING off version ${token} failed`);
      await expect(failure).rejects.toThrow(
        'Secrets Manager starts no new rotation until it is off: aws secretsmanager update-secret-version-stage ' +
          `--secret-id ${suite.secretId} --version-stage AWSPENDING --remove-from-version-id ${token}`,
      );
    } finally {
      jest.restoreAllMocks();
      suite.fixture.secrets.setAvailable(true);
    }

    expect(stagesByVersion(suite.fixture.secrets, suite.secretId)[token]).toContain('AWSPENDING');
    expect(await suite.fixture.logsIn(suite.currentPassword())).toBe(true);
    expect(await suite.fixture.logsIn(suite.passwordOf(token))).toBe(false);
  });

  it('T4: after a recorded rollback (T3), the service retry (same token) with the right still missing: setSecret refuses and takes AWSPENDING and the rollback record off; the database stays on AWSCURRENT', async () => {
    await grant([`GRANT SELECT, INSERT, UPDATE ON \`${SCHEMA}\`.* TO ${USER}`]);
    const token = await suite.fixture.beginRotation(suite.secretId);
    await suite.run(token, 'createSecret', 'setSecret');
    await suite.fixture.db.rootQuery(`REVOKE UPDATE ON \`${SCHEMA}\`.* FROM ${USER}`);
    await expect(suite.run(token, 'testSecret')).rejects.toThrow('the database is back on the AWSCURRENT password');
    expect(stagesByVersion(suite.fixture.secrets, suite.secretId)[token]).toEqual(['AWSPENDING', ROTATION_ROLLED_BACK]);

    await expect(suite.run(token, ...ROTATION_STEPS)).rejects.toThrow(`AWSPENDING is off version ${token}`);

    expect(stagesByVersion(suite.fixture.secrets, suite.secretId)[token]).toEqual([]);
    expect(await suite.fixture.logsIn(suite.currentPassword())).toBe(true);
    expect(await suite.fixture.logsIn(suite.passwordOf(token))).toBe(false);
  });

  it('T4: after a recorded rollback (T3) and the rights repaired, the service retry (same token) sets the password again, takes the rollback record off and finishes', async () => {
    await grant([`GRANT SELECT, INSERT, UPDATE ON \`${SCHEMA}\`.* TO ${USER}`]);
    const token = await suite.fixture.beginRotation(suite.secretId);
    await suite.run(token, 'createSecret', 'setSecret');
    await suite.fixture.db.rootQuery(`REVOKE UPDATE ON \`${SCHEMA}\`.* FROM ${USER}`);
    await expect(suite.run(token, 'testSecret')).rejects.toThrow('the database is back on the AWSCURRENT password');

    await suite.fixture.db.rootQuery(`GRANT UPDATE ON \`${SCHEMA}\`.* TO ${USER}`);
    await suite.run(token, ...ROTATION_STEPS);

    expect(suite.currentPassword()).toBe(suite.passwordOf(token));
    expect(await appWorks(suite.currentPassword())).toBe(true);
    const stages = stagesByVersion(suite.fixture.secrets, suite.secretId);
    expect(Object.values(stages).flat()).not.toContain(ROTATION_ROLLED_BACK);
  });

  it('never logs a password, also when it puts the database back', async () => {
    await grant([`GRANT SELECT, INSERT, UPDATE ON \`${SCHEMA}\`.* TO ${USER}`]);
    const token = await suite.fixture.beginRotation(suite.secretId);
    await suite.run(token, 'createSecret', 'setSecret');
    await suite.fixture.db.rootQuery(`REVOKE UPDATE ON \`${SCHEMA}\`.* FROM ${USER}`);
    await expect(suite.run(token, 'testSecret')).rejects.toThrow('the database is back on the AWSCURRENT password');

    const logs = suite.fixture.lambdaLogs();
    const passwords = suite.fixture.knownPasswords();
    expect(logs).toContain('testSecret: put the database back on the AWSCURRENT password');

    expect(passwords.length).toBeGreaterThanOrEqual(3); // the master, AWSCURRENT and AWSPENDING at least
    for (const password of passwords) expect(logs).not.toContain(password);
  });
});
