import {
  GetSubscriptionAttributesCommand,
  SubscribeCommand,
  UnsubscribeCommand,
  type SNSClient,
} from '@aws-sdk/client-sns';
import type { Subscription } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Topic } from './alert-path-outputs';
import { call, cannotRunReason, describeAwsError } from './aws-problems';
import type { Clock } from './clock';

/** What this run created, filled in as soon as AWS answers, so that cleanup removes exactly that (and nothing else). */
export interface CreatedResources {
  queueName?: string;
  queueUrl?: string;
  subscriptionArn?: string;
}

/** Queue names: at most 80 letters, digits, hyphens and underscores (CreateQueue). */
const TEST_QUEUE_MARKER = 'alert-path-test';

/** `<topic name, at most 40>-alert-path-test-`: the topic's name first, so that IAM can scope the queues by prefix. */
function testQueuePrefix(topic: Topic): string {
  return `${topic.name.replace(/\.fifo$/, '').slice(0, 40)}-${TEST_QUEUE_MARKER}-`;
}

export function testQueueName(topic: Topic, runId: string): string {
  return `${testQueuePrefix(topic)}${runId}`.slice(0, 80);
}

/** The test queue of this run or of an earlier one (killed before it could clean up): not a subscriber that pages. */
export function isTestQueueSubscription(topic: Topic, subscription: Subscription): boolean {
  const queueName = subscription.Endpoint?.split(':').at(-1) ?? '';
  return subscription.Protocol === 'sqs' && queueName.startsWith(testQueuePrefix(topic));
}

/**
 * Lets only SNS send to the queue, and only from the alerts topic (without the condition any topic anywhere could
 * fill it). This is the policy of "Subscribing an Amazon SQS queue to an Amazon SNS topic":
 * https://docs.aws.amazon.com/sns/latest/dg/subscribe-sqs-queue-to-sns-topic.html
 * This run reads and deletes the queue through its own IAM permissions (same account), so no statement for it.
 */
export function testQueuePolicy(queueArn: string, topicArn: string): object {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'OnlyTheAlertsTopicSends',
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: queueArn,
        Condition: { ArnEquals: { 'aws:SourceArn': topicArn } },
      },
    ],
  };
}

export interface TestQueue {
  readonly url: string;
  readonly arn: string;
}

/** Settling time after the subscription is confirmed; see setUpTestQueue. */
const POLICY_PROPAGATION_MS = 5000;
const SUBSCRIPTION_POLL_MS = 1000;

/**
 * Creates the queue with its policy, subscribes it to the topic and waits until SNS reports the subscription
 * confirmed (same account: SNS confirms it by itself). Throws on a failure; `created` says what exists by then.
 */
export async function setUpTestQueue(
  clients: { sns: SNSClient; sqs: SQSClient },
  topic: Topic,
  runId: string,
  wait: { clock: Clock; timeoutMs: number; signal: AbortSignal },
  created: CreatedResources,
): Promise<TestQueue> {
  const name = testQueueName(topic, runId);
  // Same account and region as the topic; the ARN is known before the queue exists, so the policy goes in at once.
  const arn = `arn:${topic.partition}:sqs:${topic.region}:${topic.accountId}:${name}`;
  created.queueName = name;
  const { QueueUrl: url } = await call('sqs:CreateQueue', topic.region, () =>
    clients.sqs.send(
      new CreateQueueCommand({
        QueueName: name,
        Attributes: {
          Policy: JSON.stringify(testQueuePolicy(arn, topic.arn)),
          // SSE-SQS: SQS-owned keys, so SNS needs no KMS permission to deliver (a KMS-keyed queue would need a key
          // policy for sns.amazonaws.com): https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html
          SqsManagedSseEnabled: 'true',
          // An hour: longer than any run; a queue left behind by a killed run empties itself.
          MessageRetentionPeriod: '3600',
        },
        tags: { 'failover-meter': 'alert-path', 'alert-path-run': runId },
      }),
    ),
  );
  if (url === undefined) throw new Error('CreateQueue answered without a queue URL');
  created.queueUrl = url;

  const { SubscriptionArn: subscriptionArn } = await call('sns:Subscribe', topic.region, () =>
    clients.sns.send(
      new SubscribeCommand({
        TopicArn: topic.arn,
        Protocol: 'sqs',
        Endpoint: arn,
        // The ARN even while the subscription is pending, so that it can be unsubscribed whatever happens next.
        ReturnSubscriptionArn: true,
        Attributes: { RawMessageDelivery: 'false' },
      }),
    ),
  );
  if (subscriptionArn === undefined || !subscriptionArn.startsWith('arn:')) {
    throw new Error(`Subscribe answered without a subscription ARN (${subscriptionArn ?? 'none'})`);
  }
  created.subscriptionArn = subscriptionArn;

  const deadline = wait.clock.now() + wait.timeoutMs;
  for (;;) {
    const { Attributes } = await call('sns:GetSubscriptionAttributes', topic.region, () =>
      clients.sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn })),
    );
    if (Attributes?.PendingConfirmation === 'false') break;
    if (wait.signal.aborted) throw new Error('interrupted while waiting for the test subscription');
    if (wait.clock.now() + SUBSCRIPTION_POLL_MS > deadline) {
      throw new Error(`the test subscription was still pending confirmation after ${wait.timeoutMs / 1000} s`);
    }
    await wait.clock.sleep(SUBSCRIPTION_POLL_MS, wait.signal);
  }
  // Right after subscribing, SNS may not be able to deliver to the queue until the queue policy has propagated (it
  // retries deliveries to SQS, so a message is late rather than lost): a few seconds' head start keeps the latency
  // honest. https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html
  await wait.clock.sleep(POLICY_PROPAGATION_MS, wait.signal);
  return { url, arn };
}

export interface CleanupResult {
  readonly ok: boolean;
  readonly queueName?: string;
  /** What was removed, e.g. ['subscription', 'queue']; empty when nothing had been created. */
  readonly removed: readonly string[];
  /** What could not be removed and how to do it by hand. */
  readonly problem?: string;
}

/**
 * Unsubscribes, then deletes the queue (in that order, so SNS never holds a subscription to a missing queue); when
 * unsubscribing fails, the queue stays too.
 */
export async function removeTestQueue(
  clients: { sns: SNSClient; sqs: SQSClient },
  region: string,
  created: CreatedResources,
): Promise<CleanupResult> {
  const removed: string[] = [];
  const problems: string[] = [];
  const why = (error: unknown, action: string) => cannotRunReason(error, action, region) ?? describeAwsError(error);
  const { subscriptionArn, queueUrl } = created;
  if (subscriptionArn !== undefined) {
    try {
      await clients.sns.send(new UnsubscribeCommand({ SubscriptionArn: subscriptionArn }));
      removed.push('subscription');
    } catch (error) {
      problems.push(
        `the test subscription is still there (${why(error, 'sns:Unsubscribe')}): aws sns unsubscribe --subscription-arn ${subscriptionArn}`,
      );
    }
  }
  // A subscription still standing keeps the queue: deleting it would leave SNS delivering every real alert to a
  // missing queue (a failed delivery each, and the alerts-delivery-failed alarm). The commands above finish it.
  const subscriptionLeft = subscriptionArn !== undefined && !removed.includes('subscription');
  if (queueUrl !== undefined && subscriptionLeft) {
    problems.push(
      `the test queue was kept for the subscription: aws sqs delete-queue --queue-url ${queueUrl} after unsubscribing`,
    );
  } else if (queueUrl !== undefined) {
    try {
      await clients.sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
      removed.push('queue');
    } catch (error) {
      problems.push(
        `the test queue is still there (${why(error, 'sqs:DeleteQueue')}): aws sqs delete-queue --queue-url ${queueUrl}`,
      );
    }
  }
  return {
    ok: problems.length === 0,
    queueName: created.queueName,
    removed,
    problem: problems.length === 0 ? undefined : problems.join('; '),
  };
}
