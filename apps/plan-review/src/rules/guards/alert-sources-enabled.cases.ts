import { defineCases } from '../../testing/cases';
import { synthResource } from '../../testing/fixtures';
import { alertSourcesEnabled } from './alert-sources-enabled';
import { addDbEventSubscription, addRotationFailedRule } from './fixture-edits';

export default defineCases({
  rule: alertSourcesEnabled,
  // The fixture predates the event subscription: add the one the stack has.
  setup: (s) => addDbEventSubscription(s, ['failover']),
  failing: [
    {
      variant: 'the RDS event subscription with enabled = false',
      change: (s) => (synthResource(s, 'aws_db_event_subscription', 'db-events').enabled = false),
    },
  ],
  passing: [
    {
      variant: 'enabled = true and an event rule with state = ENABLED, written out',
      change: (s) => {
        synthResource(s, 'aws_db_event_subscription', 'db-events').enabled = true;
        addRotationFailedRule(s);
        synthResource(s, 'aws_cloudwatch_event_rule', 'rotation-failed').state = 'ENABLED';
      },
    },
  ],
});
