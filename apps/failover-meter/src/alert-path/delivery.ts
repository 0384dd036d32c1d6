import { DescribeAlarmsCommand, SetAlarmStateCommand, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Topic } from './alert-path-outputs';
import { call, CannotRunError, describeAwsError } from './aws-problems';
import type { Clock } from './clock';

export type PathName = 'direct-publish' | 'alarm';

export interface PathOutcome {
  readonly path: PathName;
  readonly delivered: boolean;
  /** From sending the notification to receiving it from the test queue. */
  readonly latencyMs?: number;
  /** Why it was not delivered (not sent, not within the timeout, interrupted). */
  readonly problem?: string;
}

/** A notification sent and not yet seen in the test queue. */
export interface SentNotification {
  readonly path: PathName;
  readonly sentAt: number;
  /** Whether an SNS message (the JSON envelope SQS receives without raw delivery) is this notification. */
  readonly matches: (envelope: SnsEnvelope) => boolean;
}

/**
 * The JSON that SNS delivers to an SQS subscriber without raw message delivery (the fields used here):
 * https://docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html#http-notification-json
 */
export interface SnsEnvelope {
  readonly Type?: string;
  readonly TopicArn?: string;
  readonly Subject?: string;
  readonly Message?: string;
}

export function directPublishSubject(runId: string): string {
  // Subject: ASCII, at most 100 characters, shown as the e-mail subject.
  return `[test] alert path self-test ${runId} (no action needed)`.slice(0, 100);
}

/** (a) Publish straight to the topic: proves the topic, its key and its deliveries. */
export async function sendDirectPublish(
  sns: SNSClient,
  topic: Topic,
  runId: string,
  clock: Clock,
): Promise<SentNotification | PathOutcome> {
  const subject = directPublishSubject(runId);
  const sentAt = clock.now();
  try {
    await call('sns:Publish', topic.region, () =>
      sns.send(
        new PublishCommand({
          TopicArn: topic.arn,
          Subject: subject,
          Message:
            `Alert path self-test ${runId} by failover-meter alert-path, after a deploy: a test message through ` +
            `${topic.name}, no action needed. An ALARM and then an OK of the test alarm follow.`,
        }),
      ),
    );
  } catch (error) {
    return notSent('direct-publish', error);
  }
  return {
    path: 'direct-publish',
    sentAt,
    matches: (envelope) =>
      envelope.Type === 'Notification' &&
      envelope.TopicArn === topic.arn &&
      envelope.Subject === subject &&
      (envelope.Message ?? '').includes(runId),
  };
}

/**
 * (b) The test alarm to ALARM: proves CloudWatch -> topic (the topic policy and the key policy for CloudWatch). The
 * alarm acts only on a change of state, so an alarm already in ALARM goes to OK first; its metric never has data and
 * missing data is notBreaching, so it returns to OK at its next evaluation by itself.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_SetAlarmState.html
 */
export async function sendAlarm(
  cloudwatch: CloudWatchClient,
  topic: Topic,
  alarmName: string,
  runId: string,
  clock: Clock,
): Promise<SentNotification | PathOutcome> {
  const reason = `alert path self-test ${runId}: set by failover-meter alert-path; back to OK at the next evaluation`;
  let sentAt: number;
  try {
    const { MetricAlarms } = await call('cloudwatch:DescribeAlarms', topic.region, () =>
      cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [alarmName] })),
    );
    const alarm = MetricAlarms?.[0];
    if (alarm === undefined) return failed('alarm', `the alarm "${alarmName}" does not exist (apply the stack first)`);
    if (alarm.ActionsEnabled === false) return failed('alarm', `the alarm "${alarmName}" has its actions disabled`);
    if (!(alarm.AlarmActions ?? []).includes(topic.arn)) {
      return failed('alarm', `the alarm "${alarmName}" does not notify ${topic.name} on ALARM`);
    }
    const setState = (StateValue: 'OK' | 'ALARM') =>
      call('cloudwatch:SetAlarmState', topic.region, () =>
        cloudwatch.send(new SetAlarmStateCommand({ AlarmName: alarmName, StateValue, StateReason: reason })),
      );
    if (alarm.StateValue === 'ALARM') await setState('OK');
    sentAt = clock.now();
    await setState('ALARM');
  } catch (error) {
    return notSent('alarm', error);
  }
  return {
    path: 'alarm',
    sentAt,
    matches: (envelope) => {
      if (envelope.Type !== 'Notification' || envelope.TopicArn !== topic.arn) return false;
      // The alarm's notification is the alarm state change as JSON:
      // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-sns-notifications.html
      const message = parseJson(envelope.Message) as
        { AlarmName?: unknown; NewStateValue?: unknown; NewStateReason?: unknown } | undefined;
      return (
        message?.AlarmName === alarmName &&
        message.NewStateValue === 'ALARM' &&
        typeof message.NewStateReason === 'string' &&
        message.NewStateReason.includes(runId)
      );
    },
  };
}

/**
 * Long-polls the test queue until every notification has arrived or its `timeoutMs` has passed. Messages are read
 * once: a visibility timeout longer than any run keeps them from coming back (the queue is deleted afterwards).
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-short-and-long-polling.html
 */
export async function awaitDeliveries(
  sqs: SQSClient,
  queue: { url: string; region: string },
  sent: readonly SentNotification[],
  wait: { clock: Clock; timeoutMs: number; signal: AbortSignal },
): Promise<PathOutcome[]> {
  const { clock, timeoutMs, signal } = wait;
  const arrivedAt = new Map<PathName, number>();
  const waiting = () => sent.filter((notification) => !arrivedAt.has(notification.path));
  const deadline = (notification: SentNotification) => notification.sentAt + timeoutMs;
  let pollProblem: string | undefined;
  for (;;) {
    const open = waiting().filter((notification) => deadline(notification) > clock.now());
    if (open.length === 0 || signal.aborted) break;
    const remainingMs = Math.max(...open.map(deadline)) - clock.now();
    let messages;
    try {
      ({ Messages: messages } = await call('sqs:ReceiveMessage', queue.region, () =>
        sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queue.url,
            MaxNumberOfMessages: 10,
            // Whole seconds, at most 20 (the long-polling maximum); at least 1 so that a poll always waits.
            WaitTimeSeconds: Math.min(20, Math.max(1, Math.ceil(remainingMs / 1000))),
            VisibilityTimeout: 43200,
          }),
          { abortSignal: signal },
        ),
      ));
    } catch (error) {
      if (signal.aborted) break;
      if (error instanceof CannotRunError) throw error;
      pollProblem = `reading the test queue failed: ${describeAwsError(error)}`;
      break;
    }
    const receivedAt = clock.now();
    for (const message of messages ?? []) {
      const envelope = parseJson(message.Body) as SnsEnvelope | undefined;
      if (envelope === undefined) continue;
      const notification = waiting().find((candidate) => candidate.matches(envelope));
      if (notification !== undefined) arrivedAt.set(notification.path, receivedAt);
    }
  }
  return sent.map((notification) => {
    const at = arrivedAt.get(notification.path);
    if (at !== undefined) return { path: notification.path, delivered: true, latencyMs: at - notification.sentAt };
    const problem = signal.aborted
      ? 'interrupted before it arrived'
      : (pollProblem ?? `not delivered within ${timeoutMs / 1000} s`);
    return failed(notification.path, problem);
  });
}

export function failed(path: PathName, problem: string): PathOutcome {
  return { path, delivered: false, problem };
}

function notSent(path: PathName, error: unknown): PathOutcome {
  if (error instanceof CannotRunError) throw error;
  return failed(path, `not sent: ${describeAwsError(error)}`);
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
