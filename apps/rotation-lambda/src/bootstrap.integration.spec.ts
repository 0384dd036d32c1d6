import { bootstrap, handler } from './index';
import { APP_USER, SCHEMA, startCredentialsFixture, type CredentialsFixture } from './testing/credentials-fixture';

const STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;

describe('bootstrap against a throwaway MariaDB and the Secrets Manager stand-in', () => {
  let fixture: CredentialsFixture;

  beforeAll(async () => {
    fixture = await startCredentialsFixture();
  });

  afterAll(async () => {
    await fixture?.stop();
  });

  it('on an empty server creates the schema, a DML-only user and the first secret version', async () => {
    const appSecretArn = fixture.newAppSecret();

    const result = await bootstrap(fixture.bootstrapInput(appSecretArn));

    expect(result).toEqual({
      username: APP_USER,
      schema: SCHEMA,
      migrationsApplied: ['001_heartbeats', '002_heartbeats_run_id_bytes'],
      secretInitialized: true,
      secretConnectionUpdated: false,
      secretConnectionUpdateDeferred: false,
    });
    expect(await fixture.db.rootQuery(`SHOW TABLES FROM \`${SCHEMA}\` LIKE 'heartbeats'`)).toHaveLength(1);
    const secret = fixture.current(appSecretArn);
    expect(secret).toEqual({
      engine: 'mysql',
      host: fixture.db.host,
      port: fixture.db.port,
      username: APP_USER,
      dbname: SCHEMA,
      password: expect.stringMatching(/^.{32}$/),
    });
    expect(await fixture.logsIn(String(secret['password']))).toBe(true);
    expect(await fixture.appGrants()).toEqual([
      `GRANT SELECT, INSERT, UPDATE ON \`${SCHEMA}\`.* TO \`${APP_USER}\`@\`%\``,
      `GRANT USAGE ON *.* TO \`${APP_USER}\`@\`%\``,
    ]);
    expect(JSON.stringify(result)).not.toContain(String(secret['password']));
  });

  it('run again changes nothing: same secret versions, same password, same grants', async () => {
    const appSecretArn = fixture.newAppSecret();
    await bootstrap(fixture.bootstrapInput(appSecretArn));
    const versionsBefore = fixture.secrets.versions(appSecretArn);
    const grantsBefore = await fixture.appGrants();

    const result = await bootstrap(fixture.bootstrapInput(appSecretArn));

    expect(result).toMatchObject({ secretInitialized: false, secretConnectionUpdated: false, migrationsApplied: [] });
    expect(fixture.secrets.versions(appSecretArn)).toEqual(versionsBefore);
    expect(await fixture.logsIn(String(fixture.current(appSecretArn)['password']))).toBe(true);
    expect(await fixture.appGrants()).toEqual(grantsBefore);
  });

  it('takes back the DELETE an earlier version granted, and nothing else', async () => {
    const appSecretArn = fixture.newAppSecret();
    await bootstrap(fixture.bootstrapInput(appSecretArn));
    const grantsBefore = await fixture.appGrants();
    await fixture.db.rootQuery(`GRANT DELETE ON \`${SCHEMA}\`.* TO '${APP_USER}'@'%'`);

    await bootstrap(fixture.bootstrapInput(appSecretArn));

    expect(await fixture.appGrants()).toEqual(grantsBefore);
  });

  it('after a rotation keeps the rotated password', async () => {
    const appSecretArn = fixture.newAppSecret();
    await bootstrap(fixture.bootstrapInput(appSecretArn));
    const token = await fixture.beginRotation(appSecretArn);
    for (const Step of STEPS) await handler({ SecretId: appSecretArn, ClientRequestToken: token, Step });
    const rotatedPassword = String(fixture.current(appSecretArn)['password']);

    const result = await bootstrap(fixture.bootstrapInput(appSecretArn));

    expect(result.secretInitialized).toBe(false);
    expect(fixture.current(appSecretArn)['password']).toBe(rotatedPassword);
    expect(await fixture.logsIn(rotatedPassword)).toBe(true);
  });

  it('recovers from a crash between setting the password and writing the secret', async () => {
    // GIVEN the state such a crash leaves: the user exists with a password no secret holds
    const appSecretArn = fixture.newAppSecret();
    await fixture.db.rootQuery(`CREATE USER IF NOT EXISTS '${APP_USER}'@'%'`);
    await fixture.db.rootQuery(`ALTER USER '${APP_USER}'@'%' IDENTIFIED BY 'lost-in-the-crash'`);

    const result = await bootstrap(fixture.bootstrapInput(appSecretArn));

    expect(result.secretInitialized).toBe(true);
    expect(await fixture.logsIn(String(fixture.current(appSecretArn)['password']))).toBe(true);
    expect(await fixture.logsIn('lost-in-the-crash')).toBe(false);
  });

  it('recreates a missing user with the password the secret already holds', async () => {
    const appSecretArn = fixture.newAppSecret();
    await bootstrap(fixture.bootstrapInput(appSecretArn));
    await fixture.db.rootQuery(`DROP USER '${APP_USER}'@'%'`);

    await bootstrap(fixture.bootstrapInput(appSecretArn));

    expect(await fixture.logsIn(String(fixture.current(appSecretArn)['password']))).toBe(true);
  });

  it('points the secret at a new instance address without touching the password', async () => {
    const appSecretArn = fixture.newAppSecret();
    await bootstrap(fixture.bootstrapInput(appSecretArn));
    const before = fixture.current(appSecretArn);

    // 'localhost' is the same server under another name its certificate also carries
    const result = await bootstrap({ ...fixture.bootstrapInput(appSecretArn), host: 'localhost' });

    expect(result).toMatchObject({ secretInitialized: false, secretConnectionUpdated: true });
    expect(fixture.current(appSecretArn)).toEqual({ ...before, host: 'localhost' });
  });

  it('leaves the secret alone while a rotation is in flight, says so, and updates it once the rotation finished', async () => {
    // GIVEN a rotation that has written AWSPENDING (a copy of AWSCURRENT with the old address)
    const appSecretArn = fixture.newAppSecret();
    await bootstrap(fixture.bootstrapInput(appSecretArn));
    const token = await fixture.beginRotation(appSecretArn);
    await handler({ SecretId: appSecretArn, ClientRequestToken: token, Step: 'createSecret' });
    const before = fixture.current(appSecretArn);

    const deferred = await bootstrap({ ...fixture.bootstrapInput(appSecretArn), host: 'localhost' });

    expect(deferred).toMatchObject({ secretConnectionUpdated: false, secretConnectionUpdateDeferred: true });
    expect(fixture.current(appSecretArn)).toEqual(before);

    for (const Step of STEPS.slice(1)) await handler({ SecretId: appSecretArn, ClientRequestToken: token, Step });
    const rotated = fixture.current(appSecretArn);
    const updated = await bootstrap({ ...fixture.bootstrapInput(appSecretArn), host: 'localhost' });

    expect(updated).toMatchObject({ secretConnectionUpdated: true, secretConnectionUpdateDeferred: false });
    expect(fixture.current(appSecretArn)).toEqual({ ...rotated, host: 'localhost' });
  });

  it('never logs a password', () => {
    const logs = fixture.lambdaLogs();

    expect(logs).toContain('Bootstrap finished');
    const passwords = fixture.knownPasswords();
    expect(passwords.length).toBeGreaterThan(5);
    for (const password of passwords) expect(logs).not.toContain(password);
  });

  it('refuses bad input with a sentence naming the key, and touches nothing', async () => {
    const appSecretArn = fixture.newAppSecret();
    const withoutHost = { ...fixture.bootstrapInput(appSecretArn), host: undefined };

    await expect(bootstrap(withoutHost)).rejects.toThrow('The bootstrap input is missing "host"');
    expect(fixture.secrets.versions(appSecretArn)).toEqual([]);
  });
});
