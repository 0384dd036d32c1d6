import { awsManagedKeyAlias, customerManagedKeyProblem, isCustomerManagedKey } from './kms-keys';

describe('isCustomerManagedKey', () => {
  it.each([
    'alias/aws/rds',
    'arn:aws:kms:ap-northeast-2:123456789012:alias/aws/secretsmanager',
    'arn:aws-cn:kms:cn-north-1:123456789012:alias/aws/lambda',
    undefined,
    '',
  ])('is false for %p (AWS-managed or unset)', (value) => {
    expect(isCustomerManagedKey(value)).toBe(false);
  });

  it.each([
    'arn:aws:kms:ap-northeast-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    'alias/rds-platform-dev-database',
    'alias/aws-backup',
    '${aws_kms_key.kms_database_EE031BFB.arn}',
  ])('is true for %p', (value) => {
    expect(isCustomerManagedKey(value)).toBe(true);
  });
});

describe('customerManagedKeyProblem', () => {
  it('names the attribute and the AWS-managed alias', () => {
    expect(customerManagedKeyProblem('arn:aws:kms:ap-northeast-2:123456789012:alias/aws/rds', 'kms_key_id')).toBe(
      'kms_key_id is the AWS-managed key alias/aws/rds',
    );
    expect(customerManagedKeyProblem(undefined, 'kms_key_arn')).toBe('kms_key_arn unset');
    expect(awsManagedKeyAlias('alias/aws/sns')).toBe('alias/aws/sns');
  });
});

describe('keys looked up by data sources', () => {
  const model = (data: Record<string, Record<string, unknown>>) => ({
    blocks: Object.entries(data).map(([address, values]) => ({
      kind: 'data' as const,
      address,
      type: address.split('.')[1],
      values,
    })),
  });

  it.each([
    ['${data.aws_kms_alias.rds.target_key_arn}', { 'data.aws_kms_alias.rds': { name: 'alias/aws/rds' } }],
    ['${data.aws_kms_alias.rds.arn}', { 'data.aws_kms_alias.rds': { name: 'alias/aws/rds' } }],
    ['${data.aws_kms_key.rds.arn}', { 'data.aws_kms_key.rds': { key_id: 'alias/aws/rds' } }],
    [
      '${data.aws_kms_key.rds.arn}',
      {
        'data.aws_kms_key.rds': { key_id: '${data.aws_kms_alias.rds.target_key_id}' },
        'data.aws_kms_alias.rds': { name: 'alias/aws/rds' },
      },
    ],
  ])('follows %s to the AWS-managed alias/aws/rds', (value, data) => {
    expect(isCustomerManagedKey(value, model(data))).toBe(false);
    expect(customerManagedKeyProblem(value, 'kms_key_id', model(data))).toBe(
      'kms_key_id is the AWS-managed key alias/aws/rds',
    );
  });

  it('accepts a customer-managed alias looked up by a data source', () => {
    const data = { 'data.aws_kms_alias.db': { name: 'alias/rds-platform-dev-database' } };
    expect(isCustomerManagedKey('${data.aws_kms_alias.db.target_key_arn}', model(data))).toBe(true);
  });
});
