import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DbEventSubscription } from '@cdktf/provider-aws/lib/db-event-subscription';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Lazy } from 'cdktf';
import { Construct } from 'constructs';
import type { AlarmThresholds } from '../config/environment-config';
import { type AlarmDefinition, LAYERS } from './alarm-definitions';
import { CustomerManagedKey } from './encryption-keys';
import { PlatformStack } from './platform-stack';

export interface MonitoringProps {
  readonly thresholds: AlarmThresholds;
  /** @default none */
  readonly alertEmails?: readonly string[];
  /** @default none */
  readonly alertHttpsEndpoints?: readonly string[];
}

/** A construct that knows which alarms watch it. */
export interface Monitorable {
  alarmDefinitions(thresholds: AlarmThresholds): AlarmDefinition[];
}

/** RDS instance event categories worth a message: failover, failure, maintenance, notification, low storage. */
export const DATABASE_EVENT_CATEGORIES = ['failover', 'failure', 'maintenance', 'notification', 'low storage'];

/** The services that publish to the alerts topic, and the ARNs (of this stack only) they publish from. */
function publishers(stack: PlatformStack) {
  const prefix = stack.settings.namePrefix;
  return [
    {
      sid: 'CloudWatchAlarms',
      service: 'cloudwatch.amazonaws.com',
      sourceArn: stack.arn('cloudwatch', `alarm:${prefix}-*`),
    },
    { sid: 'EventBridgeRules', service: 'events.amazonaws.com', sourceArn: stack.arn('events', `rule/${prefix}-*`) },
    {
      sid: 'RdsEventSubscriptions',
      service: 'events.rds.amazonaws.com',
      sourceArn: stack.arn('rds', `es:${prefix}-*`),
    },
  ];
}

/**
 * Alerts for one environment: an SNS topic encrypted with its own CMK (whose policy lets CloudWatch, EventBridge and
 * RDS encrypt messages for it, for this account only), a topic policy that admits those services only from this
 * stack's alarms, rules and event subscriptions, optional e-mail / HTTPS subscriptions, every alarm from its
 * `AlarmDefinition` with alarm and OK actions to the topic, and a dashboard laid out by layer from the same
 * definitions (so the two cannot drift).
 */
export class Monitoring extends Construct {
  readonly topicArn: string;
  readonly dashboardName: string;
  /** The thresholds the stack's alarm definitions use. */
  readonly thresholds: AlarmThresholds;
  private readonly definitions: AlarmDefinition[] = [];
  private readonly alarmArns = new Map<string, string>();
  private readonly stack: PlatformStack;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.stack = PlatformStack.of(this);
    const { accountId, namePrefix } = this.stack.settings;
    this.thresholds = props.thresholds;

    const key = new CustomerManagedKey(this, 'alerts-key', {
      aliasName: `${namePrefix}-alerts`,
      description: `${namePrefix}: the alerts topic`,
      purpose: 'Alerts',
      viaServices: [this.stack.serviceHost('sns')],
      // The publishing services encrypt as themselves: https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
      additionalStatements: publishers(this.stack).map((publisher) => ({
        Sid: `${publisher.sid}EncryptForTheTopic`,
        Effect: 'Allow',
        Principal: { Service: publisher.service },
        Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
      })),
    });
    const topic = new SnsTopic(this, 'topic', {
      name: this.stack.resourceName('alerts'),
      displayName: `${namePrefix} alerts`,
      kmsMasterKeyId: key.arn,
    });
    this.topicArn = topic.arn;
    new SnsTopicPolicy(this, 'topic-policy', {
      arn: topic.arn,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AccountManagesTheTopic',
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${accountId}:root` },
            Action: [
              'sns:GetTopicAttributes',
              'sns:SetTopicAttributes',
              'sns:Subscribe',
              'sns:ListSubscriptionsByTopic',
              'sns:Publish',
            ],
            Resource: topic.arn,
          },
          ...publishers(this.stack).map((publisher) => ({
            Sid: `${publisher.sid}Publish`,
            Effect: 'Allow',
            Principal: { Service: publisher.service },
            Action: 'sns:Publish',
            Resource: topic.arn,
            Condition: {
              StringEquals: { 'aws:SourceAccount': accountId },
              ArnLike: { 'aws:SourceArn': publisher.sourceArn },
            },
          })),
          {
            Sid: 'DenyWithoutTls',
            Effect: 'Deny',
            Principal: '*',
            Action: 'sns:Publish',
            Resource: topic.arn,
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      }),
    });
    (props.alertEmails ?? []).forEach(
      (email, index) =>
        new SnsTopicSubscription(this, `email-${index}`, { topicArn: topic.arn, protocol: 'email', endpoint: email }),
    );
    (props.alertHttpsEndpoints ?? []).forEach(
      (url, index) =>
        new SnsTopicSubscription(this, `https-${index}`, { topicArn: topic.arn, protocol: 'https', endpoint: url }),
    );

    this.dashboardName = namePrefix;
    new CloudwatchDashboard(this, 'dashboard', {
      dashboardName: namePrefix,
      dashboardBody: Lazy.stringValue({ produce: () => this.dashboardBody() }),
    });
  }

  /** One alarm per definition, alarm and OK actions to the topic. */
  addAlarms(definitions: readonly AlarmDefinition[]): void {
    for (const definition of definitions) {
      if (this.alarmArns.has(definition.name)) throw new Error(`The alarm ${definition.name} is defined twice.`);
      const percentile = definition.statistic.startsWith('p');
      const alarm = new CloudwatchMetricAlarm(this, `alarm-${definition.name}`, {
        alarmName: this.stack.resourceName(definition.name),
        alarmDescription: `${definition.title}: ${definition.why}.`,
        namespace: definition.namespace,
        metricName: definition.metricName,
        dimensions: { ...definition.dimensions },
        statistic: percentile ? undefined : definition.statistic,
        extendedStatistic: percentile ? definition.statistic : undefined,
        period: definition.periodSeconds,
        evaluationPeriods: definition.evaluationPeriods,
        datapointsToAlarm: definition.datapointsToAlarm,
        comparisonOperator: definition.comparison,
        threshold: definition.threshold,
        treatMissingData: definition.treatMissingData,
        alarmActions: [this.topicArn],
        okActions: [this.topicArn],
      });
      this.definitions.push(definition);
      this.alarmArns.set(definition.name, alarm.arn);
    }
  }

  /** Every alarm defined so far, in order. */
  get alarmDefinitions(): readonly AlarmDefinition[] {
    return this.definitions;
  }

  /** ARNs of the critical alarms (stop conditions of a failover drill). */
  criticalAlarmArns(): string[] {
    return this.definitions.filter((d) => d.critical).map((d) => this.alarmArns.get(d.name)!);
  }

  /** RDS events of one instance (failover, failure, maintenance, notification, low storage) to the topic. */
  subscribeToDatabaseEvents(instanceId: string): DbEventSubscription {
    return new DbEventSubscription(this, 'database-events', {
      name: this.stack.resourceName('db-events'),
      snsTopic: this.topicArn,
      sourceType: 'db-instance',
      sourceIds: [instanceId],
      eventCategories: DATABASE_EVENT_CATEGORIES,
    });
  }

  /**
   * Secrets Manager's RotationFailed and RotationAbandoned events of one secret to the topic (they arrive through
   * CloudTrail: https://docs.aws.amazon.com/secretsmanager/latest/userguide/monitoring-eventbridge.html).
   */
  notifyRotationFailures(secretArn: string): CloudwatchEventRule {
    const rule = new CloudwatchEventRule(this, 'rotation-failed', {
      name: this.stack.resourceName('rotation-failed'),
      description: 'The app secret could not be rotated: read the rotation function log and the README runbook',
      eventPattern: JSON.stringify({
        source: ['aws.secretsmanager'],
        'detail-type': ['AWS Service Event via CloudTrail'],
        detail: {
          eventName: ['RotationFailed', 'RotationAbandoned'],
          additionalEventData: { SecretId: [secretArn] },
        },
      }),
    });
    new CloudwatchEventTarget(this, 'rotation-failed-target', { rule: rule.name, arn: this.topicArn });
    return rule;
  }

  /** The dashboard: a header per layer, then one widget per alarm of that layer (the alarm's metric and line). */
  private dashboardBody(): string {
    const widgets: Record<string, unknown>[] = [];
    let y = 0;
    for (const { layer, title } of LAYERS) {
      const ofLayer = this.definitions.filter((definition) => definition.layer === layer);
      if (ofLayer.length === 0) continue;
      widgets.push({ type: 'text', x: 0, y, width: 24, height: 1, properties: { markdown: `## ${title}` } });
      y += 1;
      ofLayer.forEach((definition, index) => {
        widgets.push({
          type: 'metric',
          x: (index % 3) * 8,
          y: y + Math.floor(index / 3) * 6,
          width: 8,
          height: 6,
          properties: {
            title: definition.title,
            region: this.stack.settings.region,
            // An alarm widget: CloudWatch draws the alarm's own metric and threshold.
            annotations: { alarms: [this.alarmArns.get(definition.name)] },
            view: 'timeSeries',
            stacked: false,
          },
        });
      });
      y += Math.ceil(ofLayer.length / 3) * 6;
    }
    return JSON.stringify({ widgets });
  }
}
