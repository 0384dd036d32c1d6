import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { KEY_ADMINISTRATION_ACTIONS } from './encryption-keys';
import type { Grantee, PolicyStatement } from './grants';
import { EncryptedLogGroup, encryptedLogGroupSettings } from './log-group';
import type { PlatformStack } from './platform-stack';
import { synthesize, type TerraformBlock } from '../testing/synth-json';

const props = { namePrefix: 'rdsp-test', region: 'ap-northeast-2', accountId: '123456789012' };

function keysByAlias(
  build: (scope: PlatformStack) => void = (scope) => void scope.keys,
): Record<string, TerraformBlock> {
  const synth = synthesize(build, props);
  const keys = synth.resources('aws_kms_key');
  const aliases = Object.values(synth.resources('aws_kms_alias'));
  return Object.fromEntries(
    aliases.map((alias) => {
      const keyId = Object.keys(keys).find((id) => alias.target_key_id.includes(`aws_kms_key.${id}.`))!;
      return [alias.name, { ...keys[keyId], statements: JSON.parse(keys[keyId].policy).Statement }];
    }),
  );
}

/** Whether an ArnEquals / ArnLike condition on `key` admits `arn` (IAM matches `*` and `?` in both operators). */
function admits(condition: TerraformBlock, key: string, arn: string): boolean {
  const patterns: string[] = ['ArnEquals', 'ArnLike'].flatMap((operator) => [condition[operator]?.[key] ?? []].flat());
  return patterns.some((pattern) => {
    const literal = pattern.replace(/[.+^$(){}|[\]\\]/g, '\\$&');
    return new RegExp(`^${literal.replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(arn);
  });
}

describe('EncryptionKeys', () => {
  const keys = keysByAlias();

  it('creates one key per kind of data: database, secrets and logs', () => {
    expect(Object.keys(keys).sort()).toEqual([
      'alias/rdsp-test-database',
      'alias/rdsp-test-logs',
      'alias/rdsp-test-secrets',
    ]);
  });

  it('turns rotation on for every key, with the longest deletion window', () => {
    for (const key of Object.values(keys)) {
      expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    }
  });

  it('lets account principals use each key only through its own service', () => {
    const usage = (alias: string) =>
      keys[alias].statements.find((statement: TerraformBlock) => statement.Action.includes('kms:Decrypt'));
    expect(usage('alias/rdsp-test-database').Condition.StringEquals['kms:ViaService']).toEqual([
      'rds.ap-northeast-2.amazonaws.com',
    ]);
    expect(usage('alias/rdsp-test-secrets').Condition.StringEquals['kms:ViaService']).toEqual([
      'secretsmanager.ap-northeast-2.amazonaws.com',
      'lambda.ap-northeast-2.amazonaws.com',
    ]);
    expect(usage('alias/rdsp-test-logs').Condition.StringEquals['kms:ViaService']).toEqual([
      'logs.ap-northeast-2.amazonaws.com',
    ]);
    for (const key of Object.values(keys)) {
      expect(
        key.statements.filter(
          (statement: TerraformBlock) => statement.Principal.AWS === 'arn:aws:iam::123456789012:root',
        ),
      ).toHaveLength(2);
    }
  });

  it('never grants kms:* and never names a principal outside the account or its services', () => {
    for (const key of Object.values(keys)) {
      for (const statement of key.statements) {
        expect(statement.Action).not.toContain('kms:*');
        expect(statement.Principal).not.toBe('*');
        expect(statement.Principal.AWS ?? statement.Principal.Service).toMatch(
          /^arn:aws:iam::123456789012:root$|\.amazonaws\.com$/,
        );
      }
    }
  });

  it('administers each key with actions named one by one, none of them a wildcard or kms:CreateGrant', () => {
    for (const key of Object.values(keys)) {
      expect(key.statements[0]).toEqual({
        Sid: 'AccountAdministersTheKey',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::123456789012:root' },
        Action: KEY_ADMINISTRATION_ACTIONS,
        Resource: '*',
      });
    }
    expect(KEY_ADMINISTRATION_ACTIONS.filter((action) => action.includes('*') || action === 'kms:CreateGrant')).toEqual(
      [],
    );
  });

  it('lets CloudWatch Logs use the logs key for each log group of the stack, named exactly, and no other', () => {
    const logGroupArn = (name: string) => `arn:aws:logs:ap-northeast-2:123456789012:log-group:${name}`;
    const withLogGroups = keysByAlias((scope) => {
      new EncryptedLogGroup(scope, 'function-logs', { name: '/aws/lambda/rdsp-test-api' });
      new CloudwatchLogGroup(scope, 'proxy-logs', encryptedLogGroupSettings(scope, '/aws/rds/proxy/rdsp-test-proxy'));
    });
    const logsService = withLogGroups['alias/rdsp-test-logs'].statements.find(
      (statement: TerraformBlock) => statement.Principal.Service === 'logs.ap-northeast-2.amazonaws.com',
    );
    // CloudWatch Logs asks KMS with the log group's ARN as encryption context (kms:EncryptionContext:aws:logs:arn):
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
    const admitted = (name: string) =>
      admits(logsService.Condition, 'kms:EncryptionContext:aws:logs:arn', logGroupArn(name));
    // Another stack's log group whose name merely starts with the prefix (the old /aws/*/rdsp-test* admitted it).
    expect(admitted('/aws/lambda/rdsp-testtools-api')).toBe(false);
    expect(['/aws/lambda/rdsp-test-api', '/aws/rds/proxy/rdsp-test-proxy'].map(admitted)).toEqual([true, true]);
    expect(logsService.Condition).toEqual({
      ArnEquals: {
        'kms:EncryptionContext:aws:logs:arn': [
          logGroupArn('/aws/lambda/rdsp-test-api'),
          logGroupArn('/aws/rds/proxy/rdsp-test-proxy'),
        ],
      },
    });
    // Without log groups, no statement for CloudWatch Logs at all.
    expect(
      keys['alias/rdsp-test-logs'].statements.filter((statement: TerraformBlock) => statement.Principal.Service),
    ).toEqual([]);
  });

  it('is created once per stack, on first use, beside the constructs that use it', () => {
    const synth = synthesize((scope) => {
      expect(scope.keys).toBe(scope.keys);
      expect(scope.keys.node.path).toBe('stack/encryption-keys');
    });
    expect(Object.keys(synth.resources('aws_kms_key'))).toHaveLength(3);
  });

  it('grants decrypt, or decrypt and data keys, on one key through one service only, for one secret only', () => {
    const statements: PolicyStatement[] = [];
    const grantee: Grantee = { roleName: 'role', addToPolicy: (statement) => statements.push(statement) };
    let keyArn = '';
    const [read, write] = ['a', 'b'].map((name) => `arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:${name}`);
    const synth = synthesize((scope) => {
      keyArn = scope.keys.secrets.arn;
      scope.keys.secrets.grantDecryptThrough(grantee, 'secretsmanager', read);
      scope.keys.secrets.grantEncryptDecryptThrough(grantee, 'secretsmanager', write);
    }, props);
    // Secrets Manager puts the secret's ARN in the encryption context of its KMS calls ("SecretARN"):
    // https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html#security-encryption-encryption-context
    const through = (secretArn: string) => ({
      StringEquals: {
        'kms:ViaService': 'secretsmanager.ap-northeast-2.amazonaws.com',
        'kms:EncryptionContext:SecretARN': secretArn,
      },
    });
    expect(statements).toEqual([
      {
        Sid: 'DecryptSecretsThroughSecretsManager',
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: keyArn,
        Condition: through(read),
      },
      {
        Sid: 'EncryptAndDecryptSecretsThroughSecretsManager',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: keyArn,
        Condition: through(write),
      },
    ]);
    expect(synth.ref(keyArn)).toMatch(/^\$\{aws_kms_key\.encryption-keys_secrets_key_\w+\.arn\}$/);
  });
});
