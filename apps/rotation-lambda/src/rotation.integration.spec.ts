import { bootstrap, handler } from './index';
import { DEFAULT_EXCLUDED_PASSWORD_CHARACTERS } from './lib/secret-store';
import { APP_USER, SCHEMA, startCredentialsFixture, type CredentialsFixture } from './testing/credentials-fixture';

const STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;
type Step = (typeof STEPS)[number];

describe('single-user rotation against a throwaway MariaDB and the Secrets Manager stand-in', () => {
  let fixture: CredentialsFixture;
  let secretId: string;

  beforeAll(async () => {
    fixture = await startCredentialsFixture();
  });

  afterAll(async () => {
    await fixture?.stop();
  });

  // GIVEN each test: a freshly bootstrapped app secret whose AWSCURRENT logs in.
  beforeEach(async () => {
    secretId = fixture.newAppSecret();
    await bootstrap(fixture.bootstrapInput(secretId));
  });

  const run = (token: string, ...steps: Step[]) =>
    steps.reduce<Promise<void>>(
      (previous, Step) => previous.then(() => handler({ SecretId: secretId, ClientRequestToken: token, Step })),
      Promise.resolve(),
    );
  const valueOf = (versionId: string) => {
    const version = fixture.secrets.versions(secretId).find((candidate) => candidate.versionId === versionId);
    return JSON.parse(String(version?.secretString)) as Record<string, unknown>;
  };
  const currentPassword = () => String(fixture.current(secretId)['password']);

  it('createSecret stages a copy of AWSCURRENT with a new 32-character password as AWSPENDING', async () => {
    const before = fixture.current(secretId);
    const token = await fixture.beginRotation(secretId);

    await run(token, 'createSecret');

    const pending = valueOf(token);
    expect(pending).toEqual({ ...before, password: expect.any(String) });
    expect(pending['password']).not.toBe(before['password']);
    expect(String(pending['password'])).toHaveLength(32);
    expect([...String(pending['password'])].filter((c) => DEFAULT_EXCLUDED_PASSWORD_CHARACTERS.includes(c))).toEqual(
      [],
    );
    expect(fixture.current(secretId)).toEqual(before);
  });

  it('setSecret makes the database take the pending password in place of the current one', async () => {
    const oldPassword = currentPassword();
    const token = await fixture.beginRotation(secretId);

    await run(token, 'createSecret', 'setSecret');

    expect(await fixture.logsIn(String(valueOf(token)['password']))).toBe(true);
    expect(await fixture.logsIn(oldPassword)).toBe(false);
  });

  it('testSecret passes with the pending password and fails when the app cannot write', async () => {
    const token = await fixture.beginRotation(secretId);
    await run(token, 'createSecret', 'setSecret');

    await expect(run(token, 'testSecret')).resolves.toBeUndefined();
    await fixture.db.rootQuery(`REVOKE INSERT ON \`${SCHEMA}\`.* FROM '${APP_USER}'@'%'`);
    try {
      await expect(run(token, 'testSecret')).rejects.toThrow(`the user ${APP_USER} cannot record a heartbeat`);
    } finally {
      await fixture.db.rootQuery(`GRANT INSERT ON \`${SCHEMA}\`.* TO '${APP_USER}'@'%'`);
    }
  });

  it('finishSecret moves AWSCURRENT to the token and leaves AWSPREVIOUS on the old version', async () => {
    const [oldVersion] = fixture.secrets.versions(secretId);
    const token = await fixture.beginRotation(secretId);
    await run(token, 'createSecret', 'setSecret', 'testSecret');

    await run(token, 'finishSecret');

    const stages = Object.fromEntries(fixture.secrets.versions(secretId).map((v) => [v.versionId, v.stages]));
    expect(stages[token]).toContain('AWSCURRENT');
    expect(stages[oldVersion.versionId]).toEqual(['AWSPREVIOUS']);
  });

  it('after a full rotation the old password fails, the new one works and the grants are unchanged', async () => {
    const oldPassword = currentPassword();
    const grantsBefore = await fixture.appGrants();
    const token = await fixture.beginRotation(secretId);

    await run(token, ...STEPS);

    expect(await fixture.logsIn(oldPassword)).toBe(false);
    expect(await fixture.logsIn(currentPassword())).toBe(true);
    expect(currentPassword()).not.toBe(oldPassword);
    expect(await fixture.appGrants()).toEqual(grantsBefore);
  });

  it('running every step twice is harmless', async () => {
    const token = await fixture.beginRotation(secretId);

    await run(token, 'createSecret', 'createSecret');
    const pendingPassword = String(valueOf(token)['password']);
    await run(token, 'setSecret', 'setSecret', 'testSecret', 'testSecret', 'finishSecret', 'finishSecret');

    expect(currentPassword()).toBe(pendingPassword);
    expect(await fixture.logsIn(pendingPassword)).toBe(true);
    expect(fixture.secrets.versions(secretId)).toHaveLength(2);
  });

  it('a rotation interrupted after setSecret finishes when the service retries it', async () => {
    const token = await fixture.beginRotation(secretId);
    await run(token, 'createSecret', 'setSecret');
    // ... the Lambda times out here; AWSCURRENT no longer logs in until the retry finishes.

    await run(token, ...STEPS);

    expect(fixture.current(secretId)).toEqual(valueOf(token));
    expect(await fixture.logsIn(currentPassword())).toBe(true);
  });

  it('setSecret logs in with AWSPREVIOUS when AWSCURRENT no longer works', async () => {
    // GIVEN a finished rotation, then the database put back on the previous password (e.g. restored by hand)
    const firstPassword = currentPassword();
    await run(await fixture.beginRotation(secretId), ...STEPS);
    await fixture.db.rootQuery(`ALTER USER '${APP_USER}'@'%' IDENTIFIED BY ?`, [firstPassword]);

    const token = await fixture.beginRotation(secretId);
    await run(token, ...STEPS);

    expect(await fixture.logsIn(currentPassword())).toBe(true);
    expect(await fixture.logsIn(firstPassword)).toBe(false);
  });

  it('does nothing for a version that is already AWSCURRENT', async () => {
    const token = await fixture.beginRotation(secretId);
    await run(token, ...STEPS);
    const versionsAfter = fixture.secrets.versions(secretId);

    await run(token, ...STEPS);

    expect(fixture.secrets.versions(secretId)).toEqual(versionsAfter);
  });

  it('never logs a password', () => {
    const logs = fixture.lambdaLogs();

    expect(logs).toContain('setSecret: set the pending password on the database');
    const passwords = fixture.knownPasswords();
    expect(passwords.length).toBeGreaterThan(10);
    for (const password of passwords) expect(logs).not.toContain(password);
  });
});
