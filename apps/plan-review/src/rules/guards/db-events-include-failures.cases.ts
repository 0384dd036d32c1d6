import { defineCases } from '../../testing/cases';
import { synthResource } from '../../testing/fixtures';
import { dbEventsIncludeFailures } from './db-events-include-failures';
import { addDbEventSubscription } from './fixture-edits';

const subscription = (s: Record<string, unknown>) => synthResource(s, 'aws_db_event_subscription', 'db-events');

export default defineCases({
  rule: dbEventsIncludeFailures,
  setup: (s) => addDbEventSubscription(s, ['availability', 'failover', 'failure', 'low storage', 'maintenance']),
  failing: [
    {
      variant: 'event_categories = [maintenance]',
      change: (s) => (subscription(s).event_categories = ['maintenance']),
    },
  ],
  passing: [
    {
      // No categories means every category (API_CreateEventSubscription.html).
      variant: 'no event_categories (every category)',
      change: (s) => delete subscription(s).event_categories,
    },
  ],
});
