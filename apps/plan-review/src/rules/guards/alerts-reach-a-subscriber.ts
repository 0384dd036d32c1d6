import { isProduction, label, liveResources, referencedResources, resourcesReferring } from '../../model/lookup';
import type { Resource, ReviewModel } from '../../model/types';
import { defineRule, finding } from '../rule';

export const alertsReachASubscriber = defineRule({
  id: 'alerts-reach-a-subscriber',
  severity: 'medium',
  peers: { checkov: [], trivy: [] },
  title:
    'Every topic that alarms, event rules or event subscriptions send to has a subscriber (in prod; elsewhere, once any has one)',
  description:
    'SNS delivers a message only to the subscriptions of its topic: a topic that alarms, EventBridge rules and RDS ' +
    'event subscriptions publish to, with no subscription, drops every alert. A subscription counts when it reaches ' +
    'a person or a relay to one (email, SMS, HTTPS, a Lambda function), exists once (no `count` of 0, no `for_each` ' +
    'that may be empty) and has no filter policy (a filter on the route of the alerts can drop every one of them). ' +
    'Alarms and RDS event subscriptions can only publish to a topic of their own Region. The typed config requires a ' +
    'subscriber in prod only (a dev stack may run before anyone is on call); elsewhere, once any alert topic has ' +
    'one, the alerts may not be split off to a topic nobody reads.',
  remediation:
    'Add an `aws_sns_topic_subscription` (email, SMS, HTTPS or Lambda, without a filter policy) to every topic the ' +
    "alerts go to, and keep the topic in the stack's Region.",
  docs: [
    'https://docs.aws.amazon.com/sns/latest/api/API_Subscribe.html',
    'https://docs.aws.amazon.com/sns/latest/dg/message-filtering.html',
    'https://docs.aws.amazon.com/sns/latest/dg/sns-subscription-filter-policies.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.html',
  ],
  appliesTo: ['aws_sns_topic', 'aws_sns_topic_subscription'],
  check(model) {
    // The typed config requires a subscriber in prod only (infra config/environment-rules.ts: a dev stack may run
    // before anyone is on call); elsewhere the alerts may not be split off to a topic nobody reads.
    const topics = alertTopics(model).map((topic) => ({
      topic,
      subscribed: resourcesReferring(model, 'aws_sns_topic_subscription', 'topic_arn', topic).some(reachesSomeone),
    }));
    const required = isProduction(model) || topics.some(({ subscribed }) => subscribed);
    const home = providerRegion(model, undefined);
    return topics.map(({ topic, subscribed }) => {
      // Alarms and RDS event subscriptions publish to topics of their own Region only
      // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-actions).
      const region = providerRegion(model, topic);
      const elsewhere = home !== undefined && region !== undefined && region !== home;
      return finding(
        'alerts-reach-a-subscriber',
        topic,
        elsewhere
          ? `${label(topic)} is in ${region}, but the alerts of this ${home} stack can only publish to a topic in ${home}`
          : subscribed || !required
            ? undefined
            : `${label(topic)} receives alerts but has no subscription in the stack: every alert sent to it reaches nobody`,
      );
    });
  },
});

/**
 * SNS protocols that end with a person or a relay to one (https://docs.aws.amazon.com/sns/latest/dg/sns-create-subscribe-endpoint-to-topic.html):
 * a queue, a stream or a mobile app is a machine nobody on call reads unless something else is built on it.
 */
const PERSON_PROTOCOLS = ['email', 'email-json', 'sms', 'https', 'lambda'];

/**
 * A subscription counts when it exists once (no `count` of 0, no `for_each` that may be empty), reaches a person,
 * and has no filter policy: a filter on the route of the alerts can drop every one of them
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-message-filtering.html).
 */
function reachesSomeone(subscription: Resource): boolean {
  const values = subscription.values;
  const count = values['count'];
  if (count !== undefined && !(typeof count === 'number' && count > 0)) return false;
  if (values['for_each'] !== undefined) return false;
  if (values['filter_policy'] !== undefined && values['filter_policy'] !== null && values['filter_policy'] !== '')
    return false;
  return PERSON_PROTOCOLS.includes(String(values['protocol'] ?? ''));
}

/** The Region of a resource's AWS provider (its `provider = aws.<alias>`, else the default one), when known. */
function providerRegion(model: ReviewModel, resource: Resource | undefined): string | undefined {
  const reference = resource ? resource.values['provider'] : undefined;
  const address =
    typeof reference === 'string' && reference.startsWith('aws.') ? `provider.${reference}` : 'provider.aws';
  const block = model.blocks?.find((candidate) => candidate.kind === 'provider' && candidate.address === address);
  const region = block?.values['region'];
  return typeof region === 'string' && !region.includes('${') ? region : undefined;
}

/** The live topics anything sends alerts to: alarm actions, event targets, RDS event subscriptions. */
function alertTopics(model: ReviewModel): Resource[] {
  const senders = [
    ...liveResources(model, 'aws_cloudwatch_metric_alarm').flatMap((alarm) => [
      alarm.values['alarm_actions'],
      alarm.values['ok_actions'],
    ]),
    ...liveResources(model, 'aws_cloudwatch_event_target').map((target) => target.values['arn']),
    ...liveResources(model, 'aws_db_event_subscription').map((subscription) => subscription.values['sns_topic']),
  ];
  const topics = new Set(senders.flatMap((value) => referencedResources(model, value, 'aws_sns_topic')));
  return [...topics];
}
