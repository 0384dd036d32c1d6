import { ROTATION_NOT_SET, ROTATION_ROLLED_BACK } from './lib/rotation-records';
import { SecretStore } from './lib/secret-store';
import { APP_USER, SCHEMA } from './testing/credentials-fixture';
import { databaseOutages, rotationMayStart, stagesByVersion, type Outage } from './testing/outages';
import { ROTATION_STEPS, useRotationSuite } from './testing/rotation-suite';

/**
 * The rows of ROTATION-STATES.md that need a database going away at a given point: each test takes the throwaway
 * MariaDB away there (stopped, killed or paused), runs the step as Secrets Manager would, brings everything back,
 * and checks the one thing that matters: the database takes AWSCURRENT's password, at once or after the service's
 * retry of the same rotation (same token), never only after another rotation.
 *
 * AWS docs followed: "How rotation works" (finishSecret moves the label;
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_how.html) and the RotateSecret API
 * reference (no new rotation while AWSPENDING is on a version other than AWSCURRENT;
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RotateSecret.html).
 */
describe('rotation with the database or Secrets Manager going away mid-rotation (ROTATION-STATES.md)', () => {
  const suite = useRotationSuite();
  const outages = databaseOutages(() => suite.fixture.db);
  const savedServiceName = process.env['POWERTOOLS_SERVICE_NAME'];

  afterEach(async () => {
    jest.restoreAllMocks();
    await outages.restore();
    suite.fixture.secrets.setAvailable(true);
    if (savedServiceName === undefined) delete process.env['POWERTOOLS_SERVICE_NAME'];
    else process.env['POWERTOOLS_SERVICE_NAME'] = savedServiceName;
  });

  const stages = () => stagesByVersion(suite.fixture.secrets, suite.secretId);
  /** No version carries a record of ours (rotation-records.ts). */
  const noRecords = () =>
    Object.values(stages()).every(
      (labels) => !labels.includes(ROTATION_NOT_SET) && !labels.includes(ROTATION_ROLLED_BACK),
    );
  /** The database takes AWSCURRENT's password, and no other password of the secret. */
  async function expectDatabaseOnCurrent(otherPassword: string) {
    expect(await suite.fixture.logsIn(suite.currentPassword())).toBe(true);
    expect(await suite.fixture.logsIn(otherPassword)).toBe(false);
  }
  /** A rotation up to the step before `step`, as Secrets Manager runs it. */
  async function rotatedUpTo(step: (typeof ROTATION_STEPS)[number]) {
    const token = await suite.fixture.beginRotation(suite.secretId);
    await suite.run(token, ...ROTATION_STEPS.slice(0, ROTATION_STEPS.indexOf(step)));
    return token;
  }

  describe('finishSecret (F rows): the database unreachable for every attempt (issue 22)', () => {
    it.each<Outage>(['stopped', 'killed'])(
      'F1: with the database %s after testSecret passed, finishSecret moves AWSCURRENT (How rotation works: finishSecret only moves the label), and the database comes back on that password',
      async (how) => {
        const oldPassword = suite.currentPassword();
        const [oldVersion] = suite.fixture.secrets.versions(suite.secretId);
        const token = await rotatedUpTo('finishSecret');
        await outages.begin(how);

        await suite.run(token, 'finishSecret');
        await suite.run(token, 'finishSecret'); // a retry of the step: already AWSCURRENT, nothing to do

        // AWSPENDING may stay on the version that is now AWSCURRENT (RotateSecret API reference: a finished state).
        expect(stages()[token].sort()).toEqual(['AWSCURRENT', 'AWSPENDING']);
        expect(stages()[oldVersion.versionId]).toEqual(['AWSPREVIOUS']);
        await outages.restore();
        expect(suite.currentPassword()).toBe(suite.passwordOf(token));
        await expectDatabaseOnCurrent(oldPassword);
        expect(suite.fixture.lambdaLogs()).toContain(
          'finishSecret: the database could not be reached; moving AWSCURRENT',
        );
      },
    );

    it('F1: with the database not answering (SIGSTOP: every login times out), finishSecret moves AWSCURRENT after the connect timeout', async () => {
      const oldPassword = suite.currentPassword();
      const token = await rotatedUpTo('finishSecret');
      await outages.begin('paused');

      await suite.run(token, 'finishSecret');

      expect(stages()[token]).toContain('AWSCURRENT');
      await outages.restore();
      await expectDatabaseOnCurrent(oldPassword);
    });

    it('F7: after F1, a new token: once the database is back, the next rotation (RotateSecret accepted) finishes from the moved AWSCURRENT', async () => {
      const token = await rotatedUpTo('finishSecret');
      await outages.begin('stopped');
      await suite.run(token, 'finishSecret');
      await outages.restore();

      expect(rotationMayStart(suite.fixture.secrets, suite.secretId)).toBe(true);
      const next = await suite.fixture.beginRotation(suite.secretId);
      await suite.run(next, ...ROTATION_STEPS);

      await expectDatabaseOnCurrent(suite.passwordOf(token));
      expect(noRecords()).toBe(true);
    });

    it('F3: with ROTATION_ROLLED_BACK recorded by testSecret and the database stopped, a finishSecret run by hand refuses, and the database comes back on AWSCURRENT', async () => {
      const token = await rotatedUpTo('testSecret');
      await suite.fixture.db.rootQuery(`REVOKE UPDATE ON \`${SCHEMA}\`.* FROM '${APP_USER}'@'%'`);
      try {
        await expect(suite.run(token, 'testSecret')).rejects.toThrow(
          `the database is back on the AWSCURRENT password (recorded as ${ROTATION_ROLLED_BACK} on version ${token})`,
        );
        expect(stages()[token]).toEqual(['AWSPENDING', ROTATION_ROLLED_BACK]);
        const before = suite.fixture.current(suite.secretId);
        await outages.begin('stopped');

        await expect(suite.run(token, 'finishSecret')).rejects.toThrow(
          `finishSecret left AWSCURRENT where it is: the database could not be reached (Could not connect to ` +
            `127.0.0.1:${suite.fixture.db.port} as ${APP_USER}`,
        );

        expect(suite.fixture.current(suite.secretId)).toEqual(before);
        await outages.restore();
        await expectDatabaseOnCurrent(suite.passwordOf(token));
      } finally {
        await outages.restore();
        await suite.fixture.db.rootQuery(`GRANT UPDATE ON \`${SCHEMA}\`.* TO '${APP_USER}'@'%'`);
      }
    });

    it('F4: a finishSecret run by hand before setSecret (ROTATION_NOT_SET from createSecret) with the database stopped refuses', async () => {
      const token = await rotatedUpTo('setSecret');
      expect(stages()[token]).toEqual(['AWSPENDING', ROTATION_NOT_SET]);
      await outages.begin('stopped');

      await expect(suite.run(token, 'finishSecret')).rejects.toThrow(
        `version ${token} carries ${ROTATION_NOT_SET} (setSecret has not confirmed that the database takes its password)`,
      );

      expect(stages()[token]).toEqual(['AWSPENDING', ROTATION_NOT_SET]);
      await outages.restore();
      await expectDatabaseOnCurrent(suite.passwordOf(token));
    });

    it('F5: with Secrets Manager and the database both down, finishSecret moves nothing; once both are back the service retry (same token) finishes', async () => {
      const oldPassword = suite.currentPassword();
      const token = await rotatedUpTo('finishSecret');
      await outages.begin('stopped');
      suite.fixture.secrets.setAvailable(false);
      const before = stages();

      await expect(suite.run(token, 'finishSecret')).rejects.toThrow();

      suite.fixture.secrets.setAvailable(true);
      expect(stages()).toEqual(before);
      await outages.restore();
      // The window: the database takes only AWSPENDING's password until the retry.
      expect(await suite.fixture.logsIn(suite.passwordOf(token))).toBe(true);
      await suite.run(token, ...ROTATION_STEPS);
      await expectDatabaseOnCurrent(oldPassword);
    });
    it('F5: Secrets Manager failing the move itself: the error says the database takes only AWSPENDING and names the rule that pages; the retry of the step finishes', async () => {
      process.env['POWERTOOLS_SERVICE_NAME'] = 'rdsp-dev-secret-rotation';
      const oldPassword = suite.currentPassword();
      const token = await rotatedUpTo('finishSecret');
      jest
        .spyOn(SecretStore.prototype, 'moveCurrent')
        .mockRejectedValueOnce(Object.assign(new Error('socket hang up'), { name: 'TimeoutError' }));

      const failure = suite.run(token, 'finishSecret');

      await expect(failure).rejects.toThrow(
        `finishSecret could not move AWSCURRENT to version ${token} (TimeoutError: socket hang up): the database ` +
          "takes only AWSPENDING's password",
      );
      await expect(failure).rejects.toThrow('the EventBridge rule rdsp-dev-rotation-failed pages the alerts topic');
      await suite.run(token, 'finishSecret');
      await expectDatabaseOnCurrent(oldPassword);
    });
  });

  describe('testSecret (T rows): the database unreachable after setSecret changed the password', () => {
    it.each<Outage>(['stopped', 'paused'])(
      'T1: with the database %s for every testSecret attempt, testSecret leaves the password alone and its error names the RotationFailed rule that pages; the service retry (same token) finishes once the database is back',
      async (how) => {
        process.env['POWERTOOLS_SERVICE_NAME'] = 'rdsp-dev-secret-rotation';
        const oldPassword = suite.currentPassword();
        const token = await rotatedUpTo('testSecret');
        await outages.begin(how);

        const failure = suite.run(token, 'testSecret');

        await expect(failure).rejects.toThrow('testSecret could not reach the database');
        await expect(failure).rejects.toThrow(
          'did not put the old password back: a rollback it cannot confirm could leave either password in place',
        );
        await expect(failure).rejects.toThrow(
          'This failure is a RotationFailed event: the EventBridge rule rdsp-dev-rotation-failed pages the alerts topic',
        );
        expect(stages()[token]).toEqual(['AWSPENDING']); // no rollback recorded: none happened
        await outages.restore();
        // The window (ROTATION-STATES.md, T1): only AWSPENDING's password logs in until the retry.
        expect(await suite.fixture.logsIn(suite.passwordOf(token))).toBe(true);
        expect(await suite.fixture.logsIn(oldPassword)).toBe(false);

        await suite.run(token, ...ROTATION_STEPS);

        expect(suite.currentPassword()).toBe(suite.passwordOf(token));
        await expectDatabaseOnCurrent(oldPassword);
        expect(noRecords()).toBe(true);
      },
    );

    it('T1 then F1: with the database still down, a finishSecret run by hand completes (no record says the password is wrong)', async () => {
      const oldPassword = suite.currentPassword();
      const token = await rotatedUpTo('testSecret');
      await outages.begin('killed');
      await expect(suite.run(token, 'testSecret')).rejects.toThrow('testSecret could not reach the database');

      await suite.run(token, 'finishSecret');

      await outages.restore();
      await expectDatabaseOnCurrent(oldPassword);
    });
    it('S4 and T6: Secrets Manager failing to take the records off (after setSecret, then after testSecret passed): testSecret fails (finishSecret relies on their absence), the database keeps AWSPENDING, and the retry (same token) finishes', async () => {
      const oldPassword = suite.currentPassword();
      const token = await rotatedUpTo('setSecret');
      const down = () => Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
      const removeStage = jest.spyOn(SecretStore.prototype, 'removeStage').mockRejectedValueOnce(down());
      await suite.run(token, 'setSecret'); // S3: it cannot take ROTATION_NOT_SET off, warns, and succeeds
      expect(stages()[token]).toEqual(['AWSPENDING', ROTATION_NOT_SET]);
      removeStage.mockRejectedValueOnce(down());

      await expect(suite.run(token, 'testSecret')).rejects.toThrow(
        `testSecret passed but could not take ${ROTATION_NOT_SET} off version ${token} (TimeoutError: socket hang up)`,
      );

      expect(stages()[token]).toEqual(['AWSPENDING', ROTATION_NOT_SET]);
      expect(await suite.fixture.logsIn(suite.passwordOf(token))).toBe(true);
      await suite.run(token, ...ROTATION_STEPS);
      await expectDatabaseOnCurrent(oldPassword);
      expect(noRecords()).toBe(true);
    });
  });

  describe('setSecret and createSecret (S and C rows)', () => {
    it('S1: with the database stopped, setSecret fails before changing anything; once it is back the service retry (same token) finishes', async () => {
      const oldPassword = suite.currentPassword();
      const token = await rotatedUpTo('setSecret');
      await outages.begin('stopped');

      await expect(suite.run(token, 'setSecret')).rejects.toThrow(
        `Could not connect to 127.0.0.1:${suite.fixture.db.port}`,
      );

      expect(stages()[token]).toEqual(['AWSPENDING', ROTATION_NOT_SET]);
      await outages.restore();
      await expectDatabaseOnCurrent(suite.passwordOf(token));
      await suite.run(token, ...ROTATION_STEPS);
      await expectDatabaseOnCurrent(oldPassword);
    });

    it('S5: a rotation interrupted after setSecret (Lambda timeout) with the database killed right after: the database keeps the committed password across the crash, and the retry finishes', async () => {
      const oldPassword = suite.currentPassword();
      const token = await rotatedUpTo('testSecret');
      expect(stages()[token]).toEqual(['AWSPENDING']); // setSecret took ROTATION_NOT_SET off
      await outages.begin('killed');
      await outages.restore();

      expect(await suite.fixture.logsIn(suite.passwordOf(token))).toBe(true);
      await suite.run(token, ...ROTATION_STEPS);
      await expectDatabaseOnCurrent(oldPassword);
    });

    it('S3: with the database refusing every password of the secret (changed by hand), setSecret changes nothing and keeps AWSPENDING', async () => {
      const token = await rotatedUpTo('setSecret');
      await suite.fixture.db.rootQuery(`ALTER USER '${APP_USER}'@'%' IDENTIFIED BY 'set-by-hand-Passw0rd'`);

      await expect(suite.run(token, 'setSecret')).rejects.toThrow(
        'Unable to log into the database with the AWSPENDING, AWSCURRENT or AWSPREVIOUS version',
      );

      expect(stages()[token]).toEqual(['AWSPENDING', ROTATION_NOT_SET]);
      expect(await suite.fixture.logsIn('set-by-hand-Passw0rd')).toBe(true);
    });

    it('T9: with the database refusing the pending password at testSecret (put back by hand), testSecret changes nothing and finishSecret refuses', async () => {
      const oldPassword = suite.currentPassword();
      const token = await rotatedUpTo('testSecret');
      await suite.fixture.db.rootQuery(`ALTER USER '${APP_USER}'@'%' IDENTIFIED BY ?`, [oldPassword]);

      await expect(suite.run(token, 'testSecret')).rejects.toThrow('The AWSPENDING password of');
      await expect(suite.run(token, 'finishSecret')).rejects.toThrow('finishSecret left AWSCURRENT where it is');

      await expectDatabaseOnCurrent(suite.passwordOf(token));
    });

    it('C1: with the database stopped, createSecret still stages the pending version (it never logs in)', async () => {
      const oldPassword = suite.currentPassword();
      const token = await suite.fixture.beginRotation(suite.secretId);
      await outages.begin('stopped');

      await suite.run(token, 'createSecret');

      expect(stages()[token]).toEqual(['AWSPENDING', ROTATION_NOT_SET]);
      await outages.restore();
      await suite.run(token, ...ROTATION_STEPS);
      await expectDatabaseOnCurrent(oldPassword);
    });
  });

  describe('Secrets Manager unreachable (every step starts with DescribeSecret)', () => {
    it.each(ROTATION_STEPS)(
      'C2, S4, T6, F5: %s fails and changes nothing; the service retry (same token) finishes once it is back',
      async (step) => {
        const oldPassword = suite.currentPassword();
        const token = await rotatedUpTo(step);
        const before = suite.fixture.secrets.versions(suite.secretId);
        const passwordAfterwards = step === 'createSecret' ? oldPassword : undefined;
        const databaseTakes = async () =>
          (await suite.fixture.logsIn(oldPassword))
            ? 'AWSCURRENT'
            : (await suite.fixture.logsIn(suite.passwordOf(token))) && 'AWSPENDING';
        const takesBefore = passwordAfterwards ? 'AWSCURRENT' : await databaseTakes();
        suite.fixture.secrets.setAvailable(false);

        await expect(suite.run(token, step)).rejects.toThrow();

        suite.fixture.secrets.setAvailable(true);
        expect(suite.fixture.secrets.versions(suite.secretId)).toEqual(before);
        expect(passwordAfterwards ? 'AWSCURRENT' : await databaseTakes()).toBe(takesBefore);
        await suite.run(token, ...ROTATION_STEPS);
        await expectDatabaseOnCurrent(oldPassword);
      },
    );
  });
});
