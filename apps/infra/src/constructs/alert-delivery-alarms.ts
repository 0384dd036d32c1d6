import type { AlarmDefinition } from './alarm-definitions';

// The alarms about the alarms: a page that cannot be delivered must itself be visible. Each reads a metric the
// delivering service publishes about its own failures.

const FIVE_MINUTES = 300;
const common = {
  layer: 'alerting' as const,
  periodSeconds: FIVE_MINUTES,
  evaluationPeriods: 1,
  datapointsToAlarm: 1,
  comparison: 'GreaterThanOrEqualToThreshold' as const,
  threshold: 1,
  treatMissingData: 'notBreaching' as const,
};

/**
 * Failed deliveries from the alerts topic to its subscribers (SNS NumberOfNotificationsFailed, per TopicName:
 * https://docs.aws.amazon.com/sns/latest/dg/sns-monitoring-using-cloudwatch.html), and the test alarm that
 * `failover-meter alert-path` sets to ALARM to prove CloudWatch -> SNS -> subscriber end to end.
 */
export function topicDeliveryAlarms(topicName: string): AlarmDefinition[] {
  return [
    {
      ...common,
      name: 'alerts-delivery-failed',
      title: 'Alerts not delivered to a subscriber',
      namespace: 'AWS/SNS',
      metricName: 'NumberOfNotificationsFailed',
      dimensions: { TopicName: topicName },
      statistic: 'Sum',
      why:
        'SNS gave up delivering an alert (a bounced address, a failing HTTPS endpoint, a key SNS may not use); ' +
        'it pages the other subscribers and shows on the dashboard; no data = nothing failed',
    },
    {
      ...common,
      name: 'alert-path-test',
      title: 'Alert path self-test',
      namespace: 'RdsPlatform/AlertPath',
      metricName: 'SelfTest',
      dimensions: { purpose: 'alert-path-test' },
      statistic: 'Maximum',
      periodSeconds: 60,
      why:
        'never fires on its own (the metric is never published): `failover-meter alert-path` sets it to ALARM ' +
        'with SetAlarmState to prove an alarm reaches the topic and its subscribers; CloudWatch returns it to OK ' +
        'at its next evaluation',
    },
  ];
}

/**
 * Events an EventBridge rule could not deliver to the topic after its retries (AWS/Events FailedInvocations, per
 * RuleName: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html).
 */
export function ruleDeliveryAlarms(ruleName: string): AlarmDefinition[] {
  return [
    {
      ...common,
      name: 'rotation-events-undelivered',
      title: 'Rotation-failure events not delivered',
      namespace: 'AWS/Events',
      metricName: 'FailedInvocations',
      dimensions: { RuleName: ruleName },
      statistic: 'Sum',
      why:
        'EventBridge could not publish a RotationFailed event to the topic (topic policy or key policy refused ' +
        'it); the event waits in the dead-letter queue; no data = nothing failed',
    },
  ];
}

/**
 * Anything in the rules' dead-letter queue (AWS/SQS ApproximateNumberOfMessagesVisible, per QueueName:
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html).
 */
export function deadLetterAlarms(queueName: string): AlarmDefinition[] {
  return [
    {
      ...common,
      name: 'alerts-dead-letters',
      title: 'Undelivered events in the dead-letter queue',
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: queueName },
      statistic: 'Maximum',
      why: 'an event EventBridge gave up on: read it, fix the path, then purge the queue; no data = an empty queue',
    },
  ];
}
