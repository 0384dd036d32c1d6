import { review } from '../review';
import { allRules } from '../rules';
import { fixturePlan, planModel, type PlanJson } from '../testing/fixtures';
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

describe('a key a plan resolved from a data source', () => {
  const DB = 'aws_db_instance.database_instance_D7FC2283';
  const KEY_ARN = 'arn:aws:kms:ap-northeast-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const ruleResult = (plan: PlanJson) =>
    review(planModel(plan), { rules: allRules.filter((rule) => rule.id === 'rds-encrypted-with-cmk') }).results[0];
  const planWith = (alias: string, deferred: boolean) => {
    const plan = fixturePlan();
    const change = plan.resource_changes.find((candidate: { address: string }) => candidate.address === DB).change;
    change.after.kms_key_id = KEY_ARN;
    change.after_unknown.kms_key_id = false;
    plan.configuration.root_module.resources.push({
      address: 'data.aws_kms_alias.rds',
      mode: 'data',
      type: 'aws_kms_alias',
      name: 'rds',
      expressions: { name: { constant_value: alias } },
    });
    const read = { name: alias, arn: `arn:aws:kms:ap-northeast-2:123456789012:${alias}`, target_key_arn: KEY_ARN };
    if (deferred) {
      plan.resource_changes.push({
        address: 'data.aws_kms_alias.rds',
        mode: 'data',
        type: 'aws_kms_alias',
        name: 'rds',
        change: { actions: ['read'], after: read },
      });
    } else {
      plan.prior_state = {
        values: { root_module: { resources: [{ address: 'data.aws_kms_alias.rds', mode: 'data', values: read }] } },
      };
    }
    return plan;
  };

  it.each([false, true])(
    'fails the key ARN read from data "aws_kms_alias" alias/aws/rds (read at apply: %p)',
    (deferred) => {
      const result = ruleResult(planWith('alias/aws/rds', deferred));
      expect(result.status).toBe('fail');
      expect(result.findings[0].message).toContain('kms_key_id is the AWS-managed key alias/aws/rds');
    },
  );

  it('passes the key ARN read from a customer-managed alias', () => {
    expect(ruleResult(planWith('alias/rds-platform-dev-database', false)).status).toBe('pass');
  });
});
