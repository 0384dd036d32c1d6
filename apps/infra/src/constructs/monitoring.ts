import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DbEventSubscription } from '@cdktf/provider-aws/lib/db-event-subscription';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { Lazy } from 'cdktf';
import { Construct } from 'constructs';
import type { AlarmThresholds } from '../config/environment-config';
import { type AlarmDefinition, LAYERS } from './alarm-definitions';
import { deadLetterAlarms, ruleDeliveryAlarms, topicDeliveryAlarms } from './alert-delivery-alarms';
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

/**
 * RDS instance event categories worth a message: failover, failure, maintenance, notification, low storage, and
 * availability (RDS-EVENT-0004 shutdown, 0006 restart, 0221 storage full: the instance is down).
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.Messages.html#USER_Events.Messages.instance
 */
export const DATABASE_EVENT_CATEGORIES = [
  'availability',
  'failover',
  'failure',
  'maintenance',
  'notification',
  'low storage',
];

/** The dedicated alarm `failover-meter alert-path` puts into ALARM (SetAlarmState) to prove the alarm path. */
export const ALERT_PATH_TEST_ALARM = 'alert-path-test';

/**
 * Alerts for one environment: an SNS topic encrypted with its own CMK, a topic policy that admits CloudWatch,
 * EventBridge and RDS only from this stack's own alarms, rules and DB instance (named one by one, so another
 * environment in the same account cannot publish here), optional e-mail / HTTPS subscriptions, every alarm from its
 * `AlarmDefinition` with alarm and OK actions to the topic, alarms on the alert path itself (failed rule
 * invocations, the rule's dead-letter queue, failed SNS deliveries, and a test alarm for `failover-meter
 * alert-path`), and a dashboard that opens with an overview row, then one row per layer from the same definitions.
 *
 * What each publisher sends with its requests, and so what the policies may condition on (the access matrix,
 * libs/access-matrix, evaluates these requests against the synthesized policies):
 * - to SNS, aws:SourceArn is what raised the message: the alarm
 *   (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services), the
 *   EventBridge rule (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-sns-permissions),
 *   and for RDS events the DB instance, not the event subscription
 *   (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.GrantingPermissions.html);
 * - to KMS, SNS asks for the data key with the topic's ARN as encryption context
 *   (`kms:EncryptionContext:aws:sns:topicArn`, as AWS's own key policy for encrypted topics conditions it:
 *   https://docs.aws.amazon.com/gamelift/latest/flexmatchguide/queue-notification-sns-sse.html), which ties each
 *   service's use of the key to this topic. CloudWatch's key requests also carry aws:SourceAccount and
 *   aws:SourceArn; EventBridge's do not ("Adding the aws:SourceAccount and aws:SourceArn to a AWS KMS policy is not
 *   supported for EventBridge-to-encrypted topics", sns-key-management.html); RDS documents nothing for its key
 *   requests, so its statement depends on no source key either.
 */
export class Monitoring extends Construct {
  readonly topicArn: string;
  readonly topicName: string;
  readonly dashboardName: string;
  /** The name of the alarm `failover-meter alert-path` sets to ALARM. */
  readonly alertPathTestAlarmName: string;
  /** The thresholds the stack's alarm definitions use. */
  readonly thresholds: AlarmThresholds;
  private readonly definitions: AlarmDefinition[] = [];
  private readonly alarmArns = new Map<string, string>();
  private readonly ruleArns: string[] = [];
  private readonly databaseArns: string[] = [];
  private readonly stack: PlatformStack;
  private deadLetterQueue?: SqsQueue;
  private failoverRuleName?: string;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.stack = PlatformStack.of(this);
    const { accountId, namePrefix } = this.stack.settings;
    this.thresholds = props.thresholds;
    this.topicName = this.stack.resourceName('alerts');
    // Built from the name, not the topic resource: the key policy names the topic, and the topic names the key.
    const topicArn = this.stack.arn('sns', this.topicName);
    const onlyForThisTopic = { 'kms:EncryptionContext:aws:sns:topicArn': topicArn };

    const key = new CustomerManagedKey(this, 'alerts-key', {
      aliasName: `${namePrefix}-alerts`,
      description: `${namePrefix}: the alerts topic`,
      purpose: 'Alerts',
      viaServices: [this.stack.serviceHost('sns')],
      additionalStatements: [
        {
          Sid: 'EventBridgeRulesEncryptForTheTopic',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          Resource: '*',
          Condition: { StringEquals: onlyForThisTopic },
        },
        {
          Sid: 'RdsEventSubscriptionsEncryptForTheTopic',
          Effect: 'Allow',
          Principal: { Service: 'events.rds.amazonaws.com' },
          Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          Resource: '*',
          Condition: { StringEquals: onlyForThisTopic },
        },
      ],
    });
    key.addLateStatement(() =>
      this.alarmArns.size === 0
        ? undefined
        : {
            Sid: 'CloudWatchAlarmsEncryptForTheTopic',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
            Resource: '*',
            Condition: {
              StringEquals: { 'aws:SourceAccount': accountId, ...onlyForThisTopic },
              ArnEquals: { 'aws:SourceArn': this.alarmSourceArns() },
            },
          },
    );
    const topic = new SnsTopic(this, 'topic', {
      name: this.topicName,
      displayName: `${namePrefix} alerts`,
      kmsMasterKeyId: key.arn,
    });
    this.topicArn = topic.arn;
    new SnsTopicPolicy(this, 'topic-policy', {
      arn: topic.arn,
      policy: Lazy.stringValue({ produce: () => this.topicPolicy(topic.arn) }),
    });
    (props.alertEmails ?? []).forEach(
      (email, index) =>
        new SnsTopicSubscription(this, `email-${index}`, { topicArn: topic.arn, protocol: 'email', endpoint: email }),
    );
    (props.alertHttpsEndpoints ?? []).forEach(
      (url, index) =>
        new SnsTopicSubscription(this, `https-${index}`, { topicArn: topic.arn, protocol: 'https', endpoint: url }),
    );

    this.alertPathTestAlarmName = this.stack.resourceName(ALERT_PATH_TEST_ALARM);
    this.addAlarms(topicDeliveryAlarms(this.topicName));

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

  /** RDS events of one instance (DATABASE_EVENT_CATEGORIES) to the topic; its failovers counted for the dashboard. */
  subscribeToDatabaseEvents(instanceId: string): DbEventSubscription {
    this.databaseArns.push(this.stack.arn('rds', `db:${instanceId}`));
    // No target: the rule exists so EventBridge counts the instance's failovers (MatchedEvents, per rule:
    // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html) for the dashboard's overview row;
    // the event subscription below is what pages.
    const failovers = new CloudwatchEventRule(this, 'database-failovers', {
      name: this.stack.resourceName('db-failovers'),
      description: 'Counts Multi-AZ failovers of the database (dashboard); the RDS event subscription pages',
      eventPattern: JSON.stringify({
        source: ['aws.rds'],
        'detail-type': ['RDS DB Instance Event'],
        detail: { SourceIdentifier: [instanceId], EventCategories: ['failover'] },
      }),
    });
    this.failoverRuleName = failovers.name;
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
   * CloudTrail: https://docs.aws.amazon.com/secretsmanager/latest/userguide/monitoring-eventbridge.html). An event
   * EventBridge gives up on lands in a dead-letter queue; a failed invocation and a dead letter each raise an
   * alarm, so a broken path to the topic cannot stay silent.
   */
  notifyRotationFailures(secretArn: string): CloudwatchEventRule {
    const name = this.stack.resourceName('rotation-failed');
    this.ruleArns.push(this.stack.arn('events', `rule/${name}`));
    const rule = new CloudwatchEventRule(this, 'rotation-failed', {
      name,
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
    const deadLetters = this.ruleDeadLetterQueue();
    new CloudwatchEventTarget(this, 'rotation-failed-target', {
      rule: rule.name,
      arn: this.topicArn,
      deadLetterConfig: { arn: deadLetters.arn },
      // EventBridge's defaults, written down: 24 hours and 185 attempts before the event goes to the queue.
      retryPolicy: { maximumEventAgeInSeconds: 86400, maximumRetryAttempts: 185 },
    });
    this.addAlarms(ruleDeliveryAlarms(name));
    return rule;
  }

  /** ARNs of this stack's alarms: the only CloudWatch sources the topic and its key accept. */
  private alarmSourceArns(): string[] {
    return [...this.alarmArns.keys()].map((name) =>
      this.stack.arn('cloudwatch', `alarm:${this.stack.resourceName(name)}`),
    );
  }

  private topicPolicy(topicArn: string): string {
    const { accountId } = this.stack.settings;
    const publishers = [
      { sid: 'CloudWatchAlarmsPublish', service: 'cloudwatch.amazonaws.com', sources: this.alarmSourceArns() },
      { sid: 'EventBridgeRulesPublish', service: 'events.amazonaws.com', sources: this.ruleArns },
      { sid: 'RdsEventsPublish', service: 'events.rds.amazonaws.com', sources: this.databaseArns },
    ];
    return JSON.stringify({
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
          Resource: topicArn,
        },
        ...publishers
          .filter((publisher) => publisher.sources.length > 0)
          .map((publisher) => ({
            Sid: publisher.sid,
            Effect: 'Allow',
            Principal: { Service: publisher.service },
            Action: 'sns:Publish',
            Resource: topicArn,
            Condition: {
              StringEquals: { 'aws:SourceAccount': accountId },
              ArnEquals: { 'aws:SourceArn': [...publisher.sources] },
            },
          })),
        {
          Sid: 'DenyWithoutTls',
          Effect: 'Deny',
          Principal: '*',
          Action: 'sns:Publish',
          Resource: topicArn,
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    });
  }

  /**
   * One queue for the events EventBridge could not deliver to the topic. Encrypted with SQS-owned keys, not the
   * alerts CMK: EventBridge's key requests for a queue carry no documented context that would tie a key statement
   * to this queue, and an unconditioned statement would let any account's EventBridge use the key. The queue holds
   * event envelopes (a secret's ARN, the event name), never a secret value.
   * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html
   */
  private ruleDeadLetterQueue(): SqsQueue {
    if (this.deadLetterQueue) return this.deadLetterQueue;
    const name = this.stack.resourceName('alerts-dlq');
    const queue = new SqsQueue(this, 'rule-dead-letters', {
      name,
      sqsManagedSseEnabled: true,
      messageRetentionSeconds: 14 * 24 * 3600,
    });
    new SqsQueuePolicy(this, 'rule-dead-letters-policy', {
      queueUrl: queue.url,
      policy: Lazy.stringValue({
        produce: () =>
          JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'ThisStacksRulesSendDeadLetters',
                Effect: 'Allow',
                Principal: { Service: 'events.amazonaws.com' },
                Action: 'sqs:SendMessage',
                Resource: queue.arn,
                Condition: { ArnEquals: { 'aws:SourceArn': [...this.ruleArns] } },
              },
              {
                Sid: 'DenyWithoutTls',
                Effect: 'Deny',
                Principal: '*',
                Action: 'sqs:*',
                Resource: queue.arn,
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              },
            ],
          }),
      }),
    });
    this.addAlarms(deadLetterAlarms(name));
    this.deadLetterQueue = queue;
    return queue;
  }

  /**
   * The dashboard: an overview row (what an on-call engineer reads first: requests, invocations and errors,
   * connections on both sides of the proxy, failovers), then a header per layer and one widget per alarm of that
   * layer (the alarm's metric and line).
   */
  private dashboardBody(): string {
    const overview = this.overviewWidgets();
    const widgets: Record<string, unknown>[] =
      overview.length === 0
        ? []
        : [
            { type: 'text', x: 0, y: 0, width: 24, height: 1, properties: { markdown: '## Overview' } },
            ...overview.map((properties, index) => ({
              type: 'metric',
              x: index * (24 / overview.length),
              y: 1,
              width: 24 / overview.length,
              height: 6,
              properties: {
                region: this.stack.settings.region,
                view: 'timeSeries',
                stacked: false,
                period: 60,
                ...properties,
              },
            })),
          ];
    let y = overview.length === 0 ? 0 : 7;
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

  /** Metrics of the overview row, from the dimensions the alarm definitions already name (none without them). */
  private overviewWidgets(): Record<string, unknown>[] {
    const dimensions = (namespace: string, key: string) =>
      this.definitions.find((definition) => definition.namespace === namespace && key in definition.dimensions)
        ?.dimensions;
    const metric = (
      namespace: string,
      name: string,
      dims: Readonly<Record<string, string>>,
      stat: string,
      label: string,
    ) => [namespace, name, ...Object.entries(dims).flat(), { stat, label }];
    const widgets: Record<string, unknown>[] = [];
    const api = dimensions('AWS/ApiGateway', 'ApiId');
    if (api) {
      widgets.push({
        title: 'Requests',
        metrics: [
          metric('AWS/ApiGateway', 'Count', api, 'Sum', 'requests'),
          metric('AWS/ApiGateway', '4xx', api, 'Sum', '4xx'),
          metric('AWS/ApiGateway', '5xx', api, 'Sum', '5xx'),
        ],
      });
    }
    const fn = this.definitions.find((d) => d.layer === 'lambda' && d.namespace === 'AWS/Lambda')?.dimensions;
    if (fn) {
      widgets.push({
        title: 'API function',
        metrics: [
          metric('AWS/Lambda', 'Invocations', fn, 'Sum', 'invocations'),
          metric('AWS/Lambda', 'Errors', fn, 'Sum', 'errors'),
          metric('AWS/Lambda', 'Throttles', fn, 'Sum', 'throttles'),
        ],
      });
    }
    const db = dimensions('AWS/RDS', 'DBInstanceIdentifier');
    const proxy = dimensions('AWS/RDS', 'ProxyName');
    if (db || proxy) {
      widgets.push({
        title: 'Connections (clients to proxy, proxy and others to DB)',
        metrics: [
          ...(proxy
            ? [
                metric(
                  'AWS/RDS',
                  'ClientConnections',
                  { ProxyName: proxy.ProxyName },
                  'Sum',
                  'proxy: client connections',
                ),
              ]
            : []),
          ...(proxy
            ? [metric('AWS/RDS', 'DatabaseConnections', { ProxyName: proxy.ProxyName }, 'Sum', 'proxy: DB connections')]
            : []),
          ...(db
            ? [
                metric(
                  'AWS/RDS',
                  'DatabaseConnections',
                  { DBInstanceIdentifier: db.DBInstanceIdentifier },
                  'Maximum',
                  'DB: connections',
                ),
              ]
            : []),
        ],
      });
    }
    if (this.failoverRuleName) {
      widgets.push({
        title: 'Failovers and retried statements',
        metrics: [
          metric('AWS/Events', 'MatchedEvents', { RuleName: this.failoverRuleName }, 'Sum', 'DB failover events'),
          ...this.definitions
            .filter((d) => d.namespace === 'RdsPlatform' && d.metricName === 'DbRetries')
            .map((d) => metric(d.namespace, d.metricName, d.dimensions, 'Sum', 'statements retried')),
        ],
      });
    }
    return widgets;
  }
}
