import { logGroupArnPattern } from './encryption-keys';
import type { Grantee, PolicyStatement } from './grants';
import { synthesize, type TerraformBlock } from '../testing/synth-json';

const props = { namePrefix: 'rdsp-test', region: 'ap-northeast-2', accountId: '123456789012' };

function keysByAlias(): Record<string, TerraformBlock> {
  const synth = synthesize((scope) => void scope.keys, props);
  const keys = synth.resources('aws_kms_key');
  const aliases = Object.values(synth.resources('aws_kms_alias'));
  return Object.fromEntries(
    aliases.map((alias) => {
      const keyId = Object.keys(keys).find((id) => alias.target_key_id.includes(`aws_kms_key.${id}.`))!;
      return [alias.name, { ...keys[keyId], statements: JSON.parse(keys[keyId].policy).Statement }];
    }),
  );
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

  it('lets CloudWatch Logs use the logs key only for this stack’s log groups', () => {
    const logsService = keys['alias/rdsp-test-logs'].statements.find(
      (statement: TerraformBlock) => statement.Principal.Service === 'logs.ap-northeast-2.amazonaws.com',
    );
    expect(logsService.Condition.ArnLike['kms:EncryptionContext:aws:logs:arn']).toBe(
      'arn:aws:logs:ap-northeast-2:123456789012:log-group:/aws/*/rdsp-test*',
    );
    expect(logGroupArnPattern(props)).toBe(logsService.Condition.ArnLike['kms:EncryptionContext:aws:logs:arn']);
  });

  it('is created once per stack, on first use, beside the constructs that use it', () => {
    const synth = synthesize((scope) => {
      expect(scope.keys).toBe(scope.keys);
      expect(scope.keys.node.path).toBe('stack/encryption-keys');
    });
    expect(Object.keys(synth.resources('aws_kms_key'))).toHaveLength(3);
  });

  it('grants decrypt, or decrypt and data keys, on one key through one service only', () => {
    const statements: PolicyStatement[] = [];
    const grantee: Grantee = { roleName: 'role', addToPolicy: (statement) => statements.push(statement) };
    let keyArn = '';
    const synth = synthesize((scope) => {
      keyArn = scope.keys.secrets.arn;
      scope.keys.secrets.grantDecryptThrough(grantee, 'secretsmanager');
      scope.keys.secrets.grantEncryptDecryptThrough(grantee, 'secretsmanager');
    }, props);
    const through = { StringEquals: { 'kms:ViaService': 'secretsmanager.ap-northeast-2.amazonaws.com' } };
    expect(statements).toEqual([
      {
        Sid: 'DecryptSecretsThroughSecretsManager',
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: keyArn,
        Condition: through,
      },
      {
        Sid: 'EncryptAndDecryptSecretsThroughSecretsManager',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: keyArn,
        Condition: through,
      },
    ]);
    expect(synth.ref(keyArn)).toMatch(/^\$\{aws_kms_key\.encryption-keys_secrets_key_\w+\.arn\}$/);
  });
});
