import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  RotateSecretCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { startSecretsManagerStandIn, type SecretsManagerStandIn } from './secrets-manager';

// Pins the stand-in to the staging contract documented for the service:
// https://docs.aws.amazon.com/secretsmanager/latest/userguide/getting-started.html#term_version
describe('Secrets Manager stand-in, driven through the real SDK client', () => {
  let standIn: SecretsManagerStandIn;
  let client: SecretsManagerClient;

  beforeAll(async () => {
    standIn = await startSecretsManagerStandIn();
    const env = standIn.clientEnv();
    client = new SecretsManagerClient({
      endpoint: env.AWS_ENDPOINT_URL_SECRETS_MANAGER,
      region: env.AWS_REGION,
      credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
      maxAttempts: 1,
    });
  });

  afterAll(async () => {
    client.destroy();
    await standIn.stop();
  });

  const stagesById = async (secretId: string) =>
    (await client.send(new DescribeSecretCommand({ SecretId: secretId }))).VersionIdsToStages;

  it('returns AWSCURRENT by default, found by name or ARN', async () => {
    const arn = standIn.createSecret('by-default', 'v1');
    expect((await client.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString).toBe('v1');
    expect((await client.send(new GetSecretValueCommand({ SecretId: 'by-default' }))).SecretString).toBe('v1');
  });

  it('keeps AWSCURRENT in place when a version is put as AWSPENDING', async () => {
    const arn = standIn.createSecret('pending', 'v1');
    await client.send(
      new PutSecretValueCommand({
        SecretId: arn,
        ClientRequestToken: 'token-0000000000000000000000000002',
        SecretString: 'v2',
        VersionStages: ['AWSPENDING'],
      }),
    );

    expect((await client.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString).toBe('v1');
    const pending = await client.send(new GetSecretValueCommand({ SecretId: arn, VersionStage: 'AWSPENDING' }));
    expect(pending).toMatchObject({ SecretString: 'v2', VersionId: 'token-0000000000000000000000000002' });
  });

  it('accepts a retried PutSecretValue with the same token and value, and refuses a different value', async () => {
    const arn = standIn.createSecret('idempotent', 'v1');
    const put = (value: string) =>
      client.send(
        new PutSecretValueCommand({
          SecretId: arn,
          ClientRequestToken: 'token-0000000000000000000000000003',
          SecretString: value,
          VersionStages: ['AWSPENDING'],
        }),
      );
    await put('v2');
    await expect(put('v2')).resolves.toMatchObject({ VersionId: 'token-0000000000000000000000000003' });
    await expect(put('other')).rejects.toMatchObject({ name: 'ResourceExistsException' });
  });

  it('moves AWSPREVIOUS to the old version when AWSCURRENT moves', async () => {
    const arn = standIn.createSecret('finish', 'v1');
    const [first] = standIn.versions(arn);
    const token = 'token-0000000000000000000000000004';
    await client.send(
      new PutSecretValueCommand({
        SecretId: arn,
        ClientRequestToken: token,
        SecretString: 'v2',
        VersionStages: ['AWSPENDING'],
      }),
    );

    await client.send(
      new UpdateSecretVersionStageCommand({
        SecretId: arn,
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: token,
        RemoveFromVersionId: first.versionId,
      }),
    );

    expect(await stagesById(arn)).toEqual({
      [first.versionId]: ['AWSPREVIOUS'],
      [token]: ['AWSPENDING', 'AWSCURRENT'],
    });
    expect(standIn.currentValue(arn)).toBe('v2');
  });

  it('refuses to move a label that another version holds unless RemoveFromVersionId names it', async () => {
    const arn = standIn.createSecret('guarded', 'v1');
    const pending = standIn.putSecretValue(arn, 'v2', ['AWSPENDING']);
    await expect(
      client.send(
        new UpdateSecretVersionStageCommand({ SecretId: arn, VersionStage: 'AWSCURRENT', MoveToVersionId: pending }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    expect(standIn.currentValue(arn)).toBe('v1');
  });

  it('starts a rotation with an AWSPENDING version that has no value until the rotation function puts one', async () => {
    const arn = standIn.createSecret('rotating', 'v1');
    const token = 'token-0000000000000000000000000005';

    const { VersionId } = await client.send(new RotateSecretCommand({ SecretId: arn, ClientRequestToken: token }));

    expect(VersionId).toBe(token);
    expect((await stagesById(arn))?.[token]).toEqual(['AWSPENDING']);
    await expect(
      client.send(new GetSecretValueCommand({ SecretId: arn, VersionId: token, VersionStage: 'AWSPENDING' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await client.send(
      new PutSecretValueCommand({
        SecretId: arn,
        ClientRequestToken: token,
        SecretString: 'v2',
        VersionStages: ['AWSPENDING'],
      }),
    );
    expect(
      (await client.send(new GetSecretValueCommand({ SecretId: arn, VersionStage: 'AWSPENDING' }))).SecretString,
    ).toBe('v2');
  });

  it('reports a missing staging label as ResourceNotFoundException', async () => {
    const arn = standIn.createSecret('empty');
    await expect(client.send(new GetSecretValueCommand({ SecretId: arn }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('generates passwords of the requested length without excluded characters', async () => {
    const { RandomPassword } = await client.send(
      new GetRandomPasswordCommand({ PasswordLength: 32, ExcludeCharacters: '/@"\'\\' }),
    );
    expect(RandomPassword).toHaveLength(32);
    expect(RandomPassword).not.toMatch(/[/@"'\\]/);
  });

  it('counts the requests it serves, per operation', async () => {
    const arn = standIn.createSecret('counted', 'v1');
    standIn.resetCallCounts();
    await client.send(new GetSecretValueCommand({ SecretId: arn }));
    await client.send(new DescribeSecretCommand({ SecretId: arn }));
    await client.send(new GetSecretValueCommand({ SecretId: arn }));
    expect([standIn.callCount('GetSecretValue'), standIn.callCount()]).toEqual([2, 3]);
  });

  it('fails every request while unavailable, and serves again afterwards', async () => {
    const arn = standIn.createSecret('outage', 'v1');
    standIn.setAvailable(false);
    try {
      await expect(client.send(new GetSecretValueCommand({ SecretId: arn }))).rejects.toThrow();
    } finally {
      standIn.setAvailable(true);
    }
    await expect(client.send(new GetSecretValueCommand({ SecretId: arn }))).resolves.toMatchObject({
      SecretString: 'v1',
    });
  });
});
