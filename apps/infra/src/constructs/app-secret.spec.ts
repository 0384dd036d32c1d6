import { AppSecret, AppSecretProps } from './app-secret';
import { type Grant, ServiceRole } from './grants';
import { synthesize } from '../testing/synth-json';

const SECRET_ARN = /^\$\{aws_secretsmanager_secret\.app-secret_[A-F0-9]+\.arn\}$/;
const SECRETS_KEY_ARN = /^\$\{aws_kms_key\.encryption-keys_secrets_key_[A-F0-9]+\.arn\}$/;
/**
 * Decrypts through Secrets Manager, for this one secret: Secrets Manager puts the secret's ARN in the encryption
 * context ("SecretARN", https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html#security-encryption-encryption-context).
 */
const viaSecretsManagerFor = (secretArn: string) => ({
  StringEquals: {
    'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com',
    'kms:EncryptionContext:SecretARN': secretArn,
  },
});

/** An app secret, and (if `grantTo` is given) a role the secret grants something to. */
function synthSecret(props: AppSecretProps = {}, grantTo?: (secret: AppSecret, grantee: ServiceRole) => Grant) {
  let parts: { secretArn: string; keyArn: string; roleName: string; grant?: Grant } | undefined;
  const synth = synthesize((stack) => {
    const secret = new AppSecret(stack, 'app-secret', props);
    const grantee = new ServiceRole(stack, {
      name: 'grantee',
      assumedBy: 'lambda.amazonaws.com',
      policyName: 'grants',
    });
    parts = {
      secretArn: secret.secretArn,
      keyArn: stack.keys.secrets.arn,
      roleName: grantee.roleName,
      grant: grantTo?.(secret, grantee),
    };
  });
  if (!parts) throw new Error('the build did not run');
  const secretArn = synth.ref(parts.secretArn);
  const keyArn = synth.ref(parts.keyArn);
  expect(secretArn).toMatch(SECRET_ARN);
  expect(keyArn).toMatch(SECRETS_KEY_ARN);
  return { synth, secretArn, keyArn, roleName: synth.ref(parts.roleName), grant: parts.grant };
}

/** The grantee's policy, and what the grant reported it added (the same statements). */
function grantedStatements(grantTo: (secret: AppSecret, grantee: ServiceRole) => Grant) {
  const { synth, secretArn, keyArn, roleName, grant } = synthSecret({}, grantTo);
  // The statements land in the grantee's own policy (the only one in the stack).
  expect(synth.only('aws_iam_role_policy').role).toBe(roleName);
  const statements = synth.policyStatements();
  expect(JSON.parse(synth.ref(JSON.stringify(grant?.statements)))).toEqual(statements);
  return { statements, secretArn, keyArn };
}

describe('AppSecret', () => {
  it('creates the secret container, named after the stack and encrypted with the stack secrets key', () => {
    const { synth, keyArn } = synthSecret();
    const secret = synth.only('aws_secretsmanager_secret');
    expect(secret).toMatchObject({ name: 'rdsp-dev/db/app', kms_key_id: keyArn, recovery_window_in_days: 30 });
    expect(secret.description).toContain('{engine, host, port, username, password, dbname}');
    expect(
      synthSecret({ name: 'rds-platform/dev/db/app', recoveryWindowInDays: 7 }).synth.only('aws_secretsmanager_secret'),
    ).toMatchObject({ name: 'rds-platform/dev/db/app', recovery_window_in_days: 7 });
  });

  it('puts no value in Terraform: no secret version, no secret_string, no random password', () => {
    const { synth } = synthSecret();
    expect(synth.resources('aws_secretsmanager_secret_version')).toEqual({});
    expect(synth.text).not.toContain('secret_string');
    expect(synth.text).not.toContain('random_password');
  });

  it('lets readers get the value of this one secret and decrypt only it, only through Secrets Manager', () => {
    const { statements, secretArn, keyArn } = grantedStatements((secret, grantee) => secret.grantRead(grantee));
    expect(statements).toEqual([
      { Sid: 'ReadAppSecret', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: secretArn },
      {
        Sid: 'DecryptSecretsThroughSecretsManager',
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: keyArn,
        Condition: viaSecretsManagerFor(secretArn),
      },
    ]);
  });

  it('lets the rotation function read, write and relabel versions of this one secret, and generate passwords', () => {
    const { statements, secretArn, keyArn } = grantedStatements((secret, grantee) => secret.grantRotate(grantee));
    expect(statements).toEqual([
      {
        Sid: 'RotateAppSecret',
        Effect: 'Allow',
        Action: [
          'secretsmanager:DescribeSecret',
          'secretsmanager:GetSecretValue',
          'secretsmanager:PutSecretValue',
          'secretsmanager:UpdateSecretVersionStage',
        ],
        Resource: secretArn,
      },
      {
        Sid: 'EncryptAndDecryptSecretsThroughSecretsManager',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: keyArn,
        Condition: viaSecretsManagerFor(secretArn),
      },
      {
        Sid: 'GeneratePasswords',
        Effect: 'Allow',
        Action: ['secretsmanager:GetRandomPassword'],
        Resource: '*',
      },
    ]);
  });

  it('lets bootstrap read, describe and write versions of this one secret, and generate passwords, but not move labels', () => {
    const { statements, secretArn, keyArn } = grantedStatements((secret, grantee) => secret.grantInitialize(grantee));
    expect(statements).toEqual([
      {
        Sid: 'InitializeAppSecret',
        Effect: 'Allow',
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'],
        Resource: secretArn,
      },
      {
        Sid: 'EncryptAndDecryptSecretsThroughSecretsManager',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: keyArn,
        Condition: viaSecretsManagerFor(secretArn),
      },
      {
        Sid: 'GeneratePasswords',
        Effect: 'Allow',
        Action: ['secretsmanager:GetRandomPassword'],
        Resource: '*',
      },
    ]);
  });
});
