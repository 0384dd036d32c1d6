import { startSecretsManagerStandIn, type SecretsManagerStandIn } from '@rds-platform/testing/secrets-manager';
import { handler } from './index';
import { logger } from './lib/logger';
import { beginRotation } from './testing/credentials-fixture';

const validSecret = {
  engine: 'mysql',
  host: 'db.internal',
  port: 3306,
  username: 'serverless',
  password: 'p4ss',
  dbname: 'app',
};

// Every failure here happens before the database is touched, so no server is needed: only the stand-in.
describe('rotation refuses what it cannot do, with a clear error and the secret unchanged', () => {
  let secrets: SecretsManagerStandIn;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    secrets = await startSecretsManagerStandIn();
    Object.assign(process.env, secrets.clientEnv());
    logger.setLogLevel('SILENT'); // each refusal logs an ERROR by design; keep the test output readable
  });

  afterAll(async () => {
    process.env = savedEnv;
    await secrets?.stop();
  });

  let name = 0;
  const secretWith = (value: Record<string, unknown>) =>
    secrets.createSecret(`rotation-errors-${(name += 1)}`, JSON.stringify(value));

  async function expectRefusal(secretId: string, event: Record<string, unknown>, message: string) {
    const versionsBefore = secrets.versions(secretId);

    await expect(handler({ SecretId: secretId, ...event })).rejects.toThrow(message);

    expect(secrets.versions(secretId)).toEqual(versionsBefore);
  }

  it('a secret whose engine is not mysql', async () => {
    const secretId = secretWith({ ...validSecret, engine: 'postgres' });
    const token = await beginRotation(secrets, secretId);

    await expectRefusal(secretId, { ClientRequestToken: token, Step: 'createSecret' }, '"engine" key must be "mysql"');
  });

  it.each(['host', 'username', 'password'])('a secret without "%s"', async (key) => {
    const secretId = secretWith({ ...validSecret, [key]: undefined });
    const token = await beginRotation(secrets, secretId);

    await expectRefusal(secretId, { ClientRequestToken: token, Step: 'createSecret' }, `missing the "${key}" key`);
  });

  it('a token that names no version of the secret', async () => {
    const secretId = secretWith(validSecret);
    await beginRotation(secrets, secretId);

    await expectRefusal(
      secretId,
      { ClientRequestToken: 'b3f3a8a4-0000-4000-8000-000000000000', Step: 'createSecret' },
      'has no stage for rotation',
    );
  });

  it('a token whose version is neither AWSCURRENT nor AWSPENDING', async () => {
    const secretId = secretWith(validSecret);
    const token = await beginRotation(secrets, secretId);
    await handler({ SecretId: secretId, ClientRequestToken: token, Step: 'createSecret' });
    const previousVersion = secrets.versions(secretId).find((version) => version.versionId !== token);
    await beginRotation(secrets, secretId); // takes AWSPENDING away from `token`
    secrets.putSecretValue(secretId, JSON.stringify(validSecret)); // `previousVersion` becomes AWSPREVIOUS
    expect(previousVersion).toBeDefined();

    await expectRefusal(
      secretId,
      { ClientRequestToken: previousVersion?.versionId, Step: 'setSecret' },
      'not set as AWSPENDING',
    );
  });

  it('a secret with rotation disabled', async () => {
    const secretId = secretWith(validSecret);
    const token = await beginRotation(secrets, secretId);
    secrets.setRotationEnabled(secretId, false);

    await expectRefusal(secretId, { ClientRequestToken: token, Step: 'createSecret' }, 'is not enabled for rotation');
  });

  it('a step that is not part of the contract', async () => {
    const secretId = secretWith(validSecret);
    const token = await beginRotation(secrets, secretId);

    await expectRefusal(
      secretId,
      { ClientRequestToken: token, Step: 'dropSecret' },
      'Invalid rotation step "dropSecret"',
    );
  });

  it('a pending version that changes the user name', async () => {
    const secretId = secretWith(validSecret);
    const token = await beginRotation(secrets, secretId);
    await handler({ SecretId: secretId, ClientRequestToken: token, Step: 'createSecret' });

    // GIVEN someone rewrote AWSPENDING for another user (the stand-in's test control can't reuse the token, so
    // stage a fresh pending version and rotate to that one)
    const otherUser = secrets.putSecretValue(secretId, JSON.stringify({ ...validSecret, username: 'admin' }), [
      'AWSPENDING',
    ]);

    await expectRefusal(
      secretId,
      { ClientRequestToken: otherUser, Step: 'setSecret' },
      "AWSPENDING secret's username differs from AWSCURRENT",
    );
  });

  it('an event without a SecretId', async () => {
    await expect(handler({ ClientRequestToken: 'x', Step: 'createSecret' })).rejects.toThrow(
      'The rotation event is missing "SecretId"',
    );
  });
});
