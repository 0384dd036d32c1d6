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
