import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { AppSecret, AppSecretProps } from './app-secret';
import { policyDocument } from './iam-policy';
import { FAKE, synthesize } from '../testing/synth-json';

const props: AppSecretProps = {
  name: 'rds-platform/dev/db/app',
  secretsKeyArn: FAKE.secretsKeyArn,
  region: FAKE.region,
};
const SECRET_ARN = /^\$\{aws_secretsmanager_secret\.\S+\.arn\}$/;

const synthWithPolicy = (statements: (secret: AppSecret) => ReturnType<AppSecret['readStatements']>) =>
  synthesize((scope) => {
    const secret = new AppSecret(scope, 'app-secret', props);
    new IamRolePolicy(scope, 'policy', { role: 'some-role', policy: policyDocument(statements(secret)) });
  });

describe('AppSecret', () => {
  it('creates the secret container encrypted with the secrets key', () => {
    const secret = synthesize((scope) => new AppSecret(scope, 'app-secret', props)).only('aws_secretsmanager_secret');
    expect(secret).toMatchObject({ name: 'rds-platform/dev/db/app', kms_key_id: FAKE.secretsKeyArn });
    expect(secret.description).toContain('{engine, host, port, username, password, dbname}');
  });

  it('puts no value in Terraform: no secret version, no secret_string, no random password', () => {
    const synth = synthesize((scope) => new AppSecret(scope, 'app-secret', props));
    expect(synth.resources('aws_secretsmanager_secret_version')).toEqual({});
    expect(synth.text).not.toContain('secret_string');
    expect(synth.text).not.toContain('random_password');
  });

  it('lets readers get the value of this one secret and decrypt only through Secrets Manager', () => {
    const [read, decrypt] = synthWithPolicy((secret) => secret.readStatements()).policyStatements();
    expect(read.Action).toEqual(['secretsmanager:GetSecretValue']);
    expect(read.Resource).toMatch(SECRET_ARN);
    expect(decrypt).toMatchObject({
      Action: ['kms:Decrypt'],
      Resource: FAKE.secretsKeyArn,
      Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
    });
  });

  it('lets the rotation function read, write and relabel versions of this one secret', () => {
    const [rotate, kms] = synthWithPolicy((secret) => secret.rotateStatements()).policyStatements();
    expect(rotate.Action.sort()).toEqual([
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
      'secretsmanager:PutSecretValue',
      'secretsmanager:UpdateSecretVersionStage',
    ]);
    expect(rotate.Resource).toMatch(SECRET_ARN);
    expect(kms).toMatchObject({
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: FAKE.secretsKeyArn,
      Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
    });
  });

  it('lets bootstrap read, describe and write versions of this one secret, but not move labels', () => {
    const [initialize, kms] = synthWithPolicy((secret) => secret.initializeStatements()).policyStatements();
    expect(initialize.Action.sort()).toEqual([
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
      'secretsmanager:PutSecretValue',
    ]);
    expect(initialize.Resource).toMatch(SECRET_ARN);
    expect(kms).toMatchObject({ Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: FAKE.secretsKeyArn });
  });
});
