import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import { FisExperimentTemplate } from '@cdktf/provider-aws/lib/fis-experiment-template';
import { Construct } from 'constructs';
import type { Database } from './database';
import { ServiceRole } from './grants';
import { EncryptedLogGroup } from './log-group';
import { PlatformStack } from './platform-stack';

export interface FailoverDrillProps {
  /** The Multi-AZ instance whose standby takes over. */
  readonly database: Database;
  /** The experiment stops (or does not start) while any of these alarms is in ALARM. */
  readonly stopConditionAlarmArns: readonly string[];
}

/**
 * A forced Multi-AZ failover as an AWS FIS experiment template (`aws:rds:reboot-db-instances` with
 * `forceFailover`), started by `failover-meter drill`, which meters through the API meanwhile and judges the result.
 * Its role may reboot and describe this one instance, assumable by FIS of this account only; the experiment logs to an
 * encrypted log group; the critical alarms are its stop conditions.
 * https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#reboot-db-instances
 */
export class FailoverDrill extends Construct {
  readonly templateId: string;
  readonly logGroupName: string;

  constructor(scope: Construct, id: string, props: FailoverDrillProps) {
    super(scope, id);
    const stack = PlatformStack.of(this);
    const { accountId } = stack.settings;
    const name = stack.resourceName('failover-drill');

    const logGroup = new EncryptedLogGroup(this, 'log-group', { name: `/aws/fis/${name}` });
    this.logGroupName = logGroup.name;
    // FIS logs through CloudWatch Logs' log delivery, which writes as delivery.logs.amazonaws.com.
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html#AWS-logs-infrastructure-CWL
    new CloudwatchLogResourcePolicy(this, 'log-delivery-policy', {
      policyName: `${name}-log-delivery`,
      policyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'LogDeliveryWritesTheDrillLog',
            Effect: 'Allow',
            Principal: { Service: 'delivery.logs.amazonaws.com' },
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: `${logGroup.arn}:*`,
            Condition: {
              StringEquals: { 'aws:SourceAccount': accountId },
              ArnLike: { 'aws:SourceArn': stack.arn('logs', '*') },
            },
          },
        ],
      }),
    });

    const role = new ServiceRole(this, {
      name,
      description: `AWS FIS: forces a Multi-AZ failover of ${name}'s database`,
      assumedBy: 'fis.amazonaws.com',
      policyName: 'reboot-with-failover',
      trustConditions: {
        StringEquals: { 'aws:SourceAccount': accountId },
        ArnLike: { 'aws:SourceArn': stack.arn('fis', 'experiment/*') },
      },
    });
    role.addToPolicy({
      Sid: 'RebootThisInstance',
      Effect: 'Allow',
      Action: ['rds:RebootDBInstance', 'rds:DescribeDBInstances'],
      Resource: props.database.instanceArn,
    });
    role.addToPolicy({
      // Creating a log delivery acts on no resource: IAM accepts only "*" (Service Authorization Reference).
      Sid: 'DeliverExperimentLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogDelivery', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups'],
      Resource: '*',
    });

    const stopConditions = props.stopConditionAlarmArns.map((arn) => ({ source: 'aws:cloudwatch:alarm', value: arn }));
    const template = new FisExperimentTemplate(this, 'template', {
      description: `Forced Multi-AZ failover of the database (${name})`,
      roleArn: role.roleArn,
      stopCondition: stopConditions.length > 0 ? stopConditions : [{ source: 'none' }],
      action: [
        {
          name: 'force-failover',
          actionId: 'aws:rds:reboot-db-instances',
          parameter: [{ key: 'forceFailover', value: 'true' }],
          target: { key: 'DBInstances', value: 'database' },
        },
      ],
      target: [
        {
          name: 'database',
          resourceType: 'aws:rds:db',
          selectionMode: 'ALL',
          resourceArns: [props.database.instanceArn],
        },
      ],
      logConfiguration: { logSchemaVersion: 2, cloudwatchLogsConfiguration: { logGroupArn: `${logGroup.arn}:*` } },
      tags: { Name: name },
      dependsOn: [role.policy],
    });
    this.templateId = template.id;
  }
}
