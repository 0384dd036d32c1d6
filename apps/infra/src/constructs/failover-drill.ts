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
 * Its role may reboot this one instance and describe instances (target resolution), assumable by FIS of this account
 * only; the experiment logs to an encrypted log group; the critical alarms are its stop conditions.
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
      // The one write: reboot (with failover) this instance, nothing else.
      Sid: 'RebootThisInstance',
      Effect: 'Allow',
      Action: ['rds:RebootDBInstance'],
      Resource: props.database.instanceArn,
    });
    role.addToPolicy({
      // FIS resolves the experiment's targets with DescribeDBInstances. AWSFaultInjectionSimulatorRDSAccess grants it on
      // "*" (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSFaultInjectionSimulatorRDSAccess.html):
      // it is a List action whose `db` resource is optional, and a call that lists instances names no single one
      // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrds.html). Read-only.
      Sid: 'ResolveTargets',
      Effect: 'Allow',
      Action: ['rds:DescribeDBInstances'],
      Resource: '*',
    });
    // The plan review allows "*" only for actions without a resource type; DescribeDBInstances has one, so this is
    // a reviewed exception (with its entry in review-suppressions.json).
    role.policy.addOverride('//.review_suppress', [
      {
        rule: 'iam-no-wildcard-resource',
        reason:
          'FIS resolves its targets with rds:DescribeDBInstances on "*", as AWSFaultInjectionSimulatorRDSAccess grants it (read-only); the reboot stays on this instance',
      },
    ]);
    role.addToPolicy({
      // Setting up log delivery to a log group takes these four permissions; PutResourcePolicy lets CloudWatch Logs add
      // its delivery statement when the account's resource policy lacks one in the form it expects
      // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html#AWS-logs-infrastructure-CWL,
      // required for FIS experiment logging: https://docs.aws.amazon.com/fis/latest/userguide/monitoring-logging.html).
      // None of them acts on a resource type, so IAM accepts only "*" (Service Authorization Reference,
      // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html).
      Sid: 'DeliverExperimentLogs',
      Effect: 'Allow',
      Action: [
        'logs:CreateLogDelivery',
        'logs:PutResourcePolicy',
        'logs:DescribeResourcePolicies',
        'logs:DescribeLogGroups',
      ],
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
