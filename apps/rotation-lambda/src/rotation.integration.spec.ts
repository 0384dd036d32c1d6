import { DEFAULT_EXCLUDED_PASSWORD_CHARACTERS } from './lib/secret-store';
import { APP_USER, SCHEMA } from './testing/credentials-fixture';
import { ROTATION_STEPS, useRotationSuite } from './testing/rotation-suite';

describe('single-user rotation against a throwaway MariaDB and the Secrets Manager stand-in', () => {
  // GIVEN each test: a freshly bootstrapped app secret whose AWSCURRENT logs in.
  const suite = useRotationSuite();
  const valueOf = (versionId: string) => {
    const version = suite.fixture.secrets
      .versions(suite.secretId)
      .find((candidate) => candidate.versionId === versionId);
    return JSON.parse(String(version?.secretString)) as Record<string, unknown>;
  };

  it('createSecret stages a copy of AWSCURRENT with a new 32-character password as AWSPENDING', async () => {
    const before = suite.fixture.current(suite.secretId);
    const token = await suite.fixture.beginRotation(suite.secretId);

    await suite.run(token, 'createSecret');

    const pending = valueOf(token);
    expect(pending).toEqual({ ...before, password: expect.any(String) });
    expect(pending['password']).not.toBe(before['password']);
    expect(String(pending['password'])).toHaveLength(32);
    expect([...String(pending['password'])].filter((c) => DEFAULT_EXCLUDED_PASSWORD_CHARACTERS.includes(c))).toEqual(
      [],
    );
    expect(suite.fixture.current(suite.secretId)).toEqual(before);
  });

  it('setSecret makes the database take the pending password in place of the current one', async () => {
    const oldPassword = suite.currentPassword();
    const token = await suite.fixture.beginRotation(suite.secretId);

    await suite.run(token, 'createSecret', 'setSecret');

    expect(await suite.fixture.logsIn(String(valueOf(token)['password']))).toBe(true);
    expect(await suite.fixture.logsIn(oldPassword)).toBe(false);
  });

  it('testSecret passes with the pending password and fails when the app cannot write', async () => {
    const token = await suite.fixture.beginRotation(suite.secretId);
    await suite.run(token, 'createSecret', 'setSecret');

    await expect(suite.run(token, 'testSecret')).resolves.toBeUndefined();
    await suite.fixture.db.rootQuery(`REVOKE INSERT ON \`${SCHEMA}\`.* FROM '${APP_USER}'@'%'`);
    try {
      await expect(suite.run(token, 'testSecret')).rejects.toThrow(`the user ${APP_USER} cannot record a heartbeat`);
    } finally {
      await suite.fixture.db.rootQuery(`GRANT INSERT ON \`${SCHEMA}\`.* TO '${APP_USER}'@'%'`);
    }
  });

  it('finishSecret moves AWSCURRENT to the token and leaves AWSPREVIOUS on the old version', async () => {
    const [oldVersion] = suite.fixture.secrets.versions(suite.secretId);
    const token = await suite.fixture.beginRotation(suite.secretId);
    await suite.run(token, 'createSecret', 'setSecret', 'testSecret');

    await suite.run(token, 'finishSecret');

    const stages = Object.fromEntries(
      suite.fixture.secrets.versions(suite.secretId).map((v) => [v.versionId, v.stages]),
    );
    expect(stages[token]).toContain('AWSCURRENT');
    expect(stages[oldVersion.versionId]).toEqual(['AWSPREVIOUS']);
  });

  it('after a full rotation the old password fails, the new one works and the grants are unchanged', async () => {
    const oldPassword = suite.currentPassword();
    const grantsBefore = await suite.fixture.appGrants();
    const token = await suite.fixture.beginRotation(suite.secretId);

    await suite.run(token, ...ROTATION_STEPS);

    expect(await suite.fixture.logsIn(oldPassword)).toBe(false);
    expect(await suite.fixture.logsIn(suite.currentPassword())).toBe(true);
    expect(suite.currentPassword()).not.toBe(oldPassword);
    expect(await suite.fixture.appGrants()).toEqual(grantsBefore);
  });

  it('running every step twice is harmless', async () => {
    const token = await suite.fixture.beginRotation(suite.secretId);

    await suite.run(token, 'createSecret', 'createSecret');
    const pendingPassword = String(valueOf(token)['password']);
    await suite.run(token, 'setSecret', 'setSecret', 'testSecret', 'testSecret', 'finishSecret', 'finishSecret');

    expect(suite.currentPassword()).toBe(pendingPassword);
    expect(await suite.fixture.logsIn(pendingPassword)).toBe(true);
    expect(suite.fixture.secrets.versions(suite.secretId)).toHaveLength(2);
  });

  it('a rotation interrupted after setSecret finishes when the service retries it', async () => {
    const token = await suite.fixture.beginRotation(suite.secretId);
    await suite.run(token, 'createSecret', 'setSecret');
    // ... the Lambda times out here; AWSCURRENT no longer logs in until the retry finishes.

    await suite.run(token, ...ROTATION_STEPS);

    expect(suite.fixture.current(suite.secretId)).toEqual(valueOf(token));
    expect(await suite.fixture.logsIn(suite.currentPassword())).toBe(true);
  });

  it('setSecret logs in with AWSPREVIOUS when AWSCURRENT no longer works', async () => {
    // GIVEN a finished rotation, then the database put back on the previous password (e.g. restored by hand)
    const firstPassword = suite.currentPassword();
    await suite.run(await suite.fixture.beginRotation(suite.secretId), ...ROTATION_STEPS);
    await suite.fixture.db.rootQuery(`ALTER USER '${APP_USER}'@'%' IDENTIFIED BY ?`, [firstPassword]);

    const token = await suite.fixture.beginRotation(suite.secretId);
    await suite.run(token, ...ROTATION_STEPS);

    expect(await suite.fixture.logsIn(suite.currentPassword())).toBe(true);
    expect(await suite.fixture.logsIn(firstPassword)).toBe(false);
  });

  it('does nothing for a version that is already AWSCURRENT', async () => {
    const token = await suite.fixture.beginRotation(suite.secretId);
    await suite.run(token, ...ROTATION_STEPS);
    const versionsAfter = suite.fixture.secrets.versions(suite.secretId);

    await suite.run(token, ...ROTATION_STEPS);

    expect(suite.fixture.secrets.versions(suite.secretId)).toEqual(versionsAfter);
  });

  it('never logs a password', () => {
    const logs = suite.fixture.lambdaLogs();

    expect(logs).toContain('setSecret: set the pending password on the database');
    const passwords = suite.fixture.knownPasswords();
    expect(passwords.length).toBeGreaterThan(10);
    for (const password of passwords) expect(logs).not.toContain(password);
  });
});
