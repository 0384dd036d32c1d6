import { defineCases } from '../../testing/cases';
import { addSynthResource, synthResource } from '../../testing/fixtures';
import { eventPatternNamesRealEvents } from './event-pattern-names-real-events';
import { addRotationFailedRule } from './fixture-edits';

export default defineCases({
  rule: eventPatternNamesRealEvents,
  setup: addRotationFailedRule,
  failing: [
    {
      variant: 'an event name Secrets Manager never sends (RotationFailedLegacy)',
      change: (s) => {
        const rule = synthResource(s, 'aws_cloudwatch_event_rule', 'rotation-failed');
        rule.event_pattern = rule.event_pattern.replace('"RotationFailed"', '"RotationFailedLegacy"');
      },
    },
  ],
  passing: [
    {
      // An instance's events come as "RDS DB Instance Event" (rds-cloud-watch-events.html).
      variant: "a failover rule on the stack's DB instance under RDS DB Instance Event",
      change: (s) =>
        addSynthResource(s, 'aws_cloudwatch_event_rule', 'failovers', {
          name: 'rdsp-dev-db-failovers',
          event_pattern: JSON.stringify({
            source: ['aws.rds'],
            'detail-type': ['RDS DB Instance Event'],
            detail: {
              SourceIdentifier: ['${aws_db_instance.database_instance_D7FC2283.identifier}'],
              EventCategories: ['failover', 'failure'],
            },
          }),
        }),
    },
  ],
});
