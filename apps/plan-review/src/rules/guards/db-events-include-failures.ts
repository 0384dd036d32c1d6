import { label, liveResources, referencedResources } from '../../model/lookup';
import type { Resource } from '../../model/types';
import { asList } from '../../model/values';
import { defineRule, finding } from '../rule';

/** What an on-call must hear of an instance (USER_Events.Messages.html, DB instance events). */
const REQUIRED_DB_EVENT_CATEGORIES = ['availability', 'failover', 'failure', 'low storage'];

export const dbEventsIncludeFailures = defineRule({
  id: 'db-events-include-failures',
  severity: 'medium',
  peers: { checkov: [], trivy: [] },
  title: 'RDS event subscriptions cover every DB instance with availability, failover, failure and low storage',
  description:
    'RDS tells of a failover, a restart, a failed instance or storage running out through events of source type ' +
    '`db-instance`, in the categories availability, failover, failure and low storage. An event subscription sends ' +
    'the categories it lists (every category when it lists none) of the sources it names (every instance when it ' +
    'names none) to its SNS topic. A stack that subscribes to RDS events at all must cover every DB instance with ' +
    'those four: a subscription narrowed to maintenance, moved to parameter-group events or to another instance ' +
    'keeps the look of a guard and covers none. A stack with no event subscription is not judged here.',
  remediation:
    'Give every DB instance an `aws_db_event_subscription` with `source_type = "db-instance"` whose ' +
    '`event_categories` include availability, failover, failure and low storage (or are left empty for all).',
  docs: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.Messages.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateEventSubscription.html',
    'https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/db_event_subscription',
  ],
  appliesTo: ['aws_db_instance', 'aws_db_event_subscription'],
  check(model) {
    // Categories of DB instance events: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.Messages.html.
    // No categories means every category; no source ids, every instance (API_CreateEventSubscription.html).
    // A stack that subscribes to RDS events at all must cover every instance (a subscription moved to parameter
    // group events or to another instance covers none); a stack with no subscription is not judged here.
    const all = liveResources(model, 'aws_db_event_subscription');
    if (all.length === 0) return [];
    const subscriptions = all.filter(
      (subscription) => String(subscription.values['source_type'] ?? '') === 'db-instance',
    );
    const missingOf = (subscription: Resource) => {
      const categories = asList(subscription.values['event_categories']).map(String);
      return categories.length === 0
        ? []
        : REQUIRED_DB_EVENT_CATEGORIES.filter((category) => !categories.includes(category));
    };
    return liveResources(model, 'aws_db_instance').map((instance) => {
      const covering = subscriptions.filter(
        (subscription) =>
          subscription.values['source_ids'] === undefined ||
          referencedResources(model, subscription.values['source_ids'], 'aws_db_instance').includes(instance),
      );
      const complete = covering.find((subscription) => missingOf(subscription).length === 0);
      const problem = complete
        ? undefined
        : covering.length === 0
          ? `${label(instance)} is in no RDS event subscription of source type db-instance: the on-call never hears of its failovers`
          : `${label(covering[0])} leaves out ${missingOf(covering[0]).join(', ')} of ${label(instance)}: the on-call never hears of them`;
      return finding('db-events-include-failures', instance, problem);
    });
  },
});
