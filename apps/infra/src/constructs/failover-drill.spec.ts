import { FailoverDrill } from './failover-drill';
import { foundation } from '../testing/foundation';
import { synthesize, type TerraformBlock } from '../testing/synth-json';

describe('FailoverDrill', () => {
  let instanceArn = '';
  const synth = synthesize((scope) => {
    const { database } = foundation(scope);
    instanceArn = database.instanceArn;
    new FailoverDrill(scope, 'failover-drill', {
      database,
      stopConditionAlarmArns: ['arn:aws:cloudwatch:eu-west-1:123456789012:alarm:rdsp-dev-proxy-auth-failures'],
    });
  });
  const template = synth.only('aws_fis_experiment_template');
  const roleOf = (name: string) => Object.values(synth.resources('aws_iam_role')).find((role) => role.name === name)!;

  it('forces a Multi-AZ failover of exactly this instance', () => {
    expect(template.action).toEqual([
      {
        name: 'force-failover',
        action_id: 'aws:rds:reboot-db-instances',
        parameter: [{ key: 'forceFailover', value: 'true' }],
        target: { key: 'DBInstances', value: 'database' },
      },
    ]);
    expect(template.target).toEqual([
      { name: 'database', resource_type: 'aws:rds:db', selection_mode: 'ALL', resource_arns: [synth.ref(instanceArn)] },
    ]);
  });

  it('stops on the critical alarms and logs to an encrypted log group', () => {
    expect(template.stop_condition).toEqual([
      {
        source: 'aws:cloudwatch:alarm',
        value: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:rdsp-dev-proxy-auth-failures',
      },
    ]);
    const logGroup = Object.values(synth.resources('aws_cloudwatch_log_group')).find((group) =>
      group.name.startsWith('/aws/fis/'),
    )!;
    expect(logGroup).toMatchObject({ name: '/aws/fis/rdsp-dev-failover-drill', retention_in_days: 14 });
    expect(logGroup.kms_key_id).toMatch(/^\$\{aws_kms_key\.encryption-keys_logs_key_/);
    expect(template.log_configuration.log_schema_version).toBe(2);
    expect(template.log_configuration.cloudwatch_logs_configuration.log_group_arn).toMatch(
      /^\$\{aws_cloudwatch_log_group\.failover-drill_log-group_\w+\.arn\}:\*$/,
    );
  });

  it('runs as a role only FIS of this account may assume, that may reboot and describe this instance only', () => {
    const role = roleOf('rdsp-dev-failover-drill');
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'fis.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': '123456789012' },
          ArnLike: { 'aws:SourceArn': 'arn:aws:fis:eu-west-1:123456789012:experiment/*' },
        },
      },
    ]);
    const policy = Object.values(synth.resources('aws_iam_role_policy')).find(
      (candidate) => candidate.name === 'reboot-with-failover',
    )!;
    const statements = JSON.parse(policy.policy).Statement as TerraformBlock[];
    expect(statements.map((statement) => [statement.Action, statement.Resource])).toEqual([
      [['rds:RebootDBInstance', 'rds:DescribeDBInstances'], synth.ref(instanceArn)],
      [['logs:CreateLogDelivery', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups'], '*'],
    ]);
  });

  it('lets log delivery write the drill log of this account only', () => {
    const [statement] = JSON.parse(synth.only('aws_cloudwatch_log_resource_policy').policy_document).Statement;
    expect(statement).toMatchObject({
      Principal: { Service: 'delivery.logs.amazonaws.com' },
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Condition: {
        StringEquals: { 'aws:SourceAccount': '123456789012' },
        ArnLike: { 'aws:SourceArn': 'arn:aws:logs:eu-west-1:123456789012:*' },
      },
    });
  });
});
