import { ListSubscriptionsByTopicCommand, type SNSClient, type Subscription } from '@aws-sdk/client-sns';
import { call } from './aws-problems';
import type { Topic } from './alert-path-outputs';
import { maskEndpoint } from './mask';

export interface SubscriberFact {
  readonly protocol: string;
  /** Masked: see maskEndpoint. */
  readonly endpoint: string;
  readonly confirmed: boolean;
  /** `confirmed`, `pending confirmation`, or what SNS said instead of an ARN (e.g. `deleted`). */
  readonly state: string;
}

export interface SubscribersCheck {
  readonly ok: boolean;
  /** Confirmed subscriptions that would page someone (test queues of alert-path runs not counted). */
  readonly confirmed: number;
  readonly subscribers: readonly SubscriberFact[];
  /** Test-queue subscriptions of earlier alert-path runs that could not clean up (e.g. killed); not counted. */
  readonly leftoverTestSubscriptions: number;
  readonly problem?: string;
}

/**
 * Every subscription of the topic, page by page. A subscription's ARN is the string `PendingConfirmation` until its
 * owner confirms it, and SNS delivers nothing to it until then:
 * https://docs.aws.amazon.com/sns/latest/api/API_ListSubscriptionsByTopic.html
 */
export async function checkSubscribers(
  sns: SNSClient,
  topic: Topic,
  isTestQueueSubscription: (subscription: Subscription) => boolean,
): Promise<SubscribersCheck> {
  const all: Subscription[] = [];
  let nextToken: string | undefined;
  do {
    const page = await call('sns:ListSubscriptionsByTopic', topic.region, () =>
      sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic.arn, NextToken: nextToken })),
    );
    all.push(...(page.Subscriptions ?? []));
    nextToken = page.NextToken;
  } while (nextToken !== undefined && nextToken !== '');

  const subscribers = all.filter((subscription) => !isTestQueueSubscription(subscription)).map(describe);
  const confirmed = subscribers.filter((subscriber) => subscriber.confirmed).length;
  return {
    ok: confirmed > 0,
    confirmed,
    subscribers,
    leftoverTestSubscriptions: all.length - subscribers.length,
    problem:
      confirmed > 0
        ? undefined
        : subscribers.length === 0
          ? 'the topic has no subscriber: nobody would be paged'
          : 'no subscription is confirmed: nobody would be paged until a subscriber confirms',
  };
}

function describe(subscription: Subscription): SubscriberFact {
  const arn = subscription.SubscriptionArn ?? '';
  const confirmed = arn.startsWith('arn:');
  const protocol = subscription.Protocol ?? 'unknown';
  return {
    protocol,
    endpoint: maskEndpoint(protocol, subscription.Endpoint),
    confirmed,
    state: confirmed
      ? 'confirmed'
      : arn === 'PendingConfirmation'
        ? 'pending confirmation'
        : (arn || 'unknown').toLowerCase(),
  };
}
