import { defineCases } from '../../testing/cases';
import { addSynthResource } from '../../testing/fixtures';
import { eventRuleDeliversOrIsCounted } from './event-rule-delivers-or-is-counted';
import { addRotationFailedRule } from './fixture-edits';

export default defineCases({
  rule: eventRuleDeliversOrIsCounted,
  setup: addRotationFailedRule,
  failing: [{ variant: 'the targets removed', change: (s) => delete s.resource['aws_cloudwatch_event_target'] }],
  passing: [
    {
      variant: 'a count-only rule a dashboard graphs as MatchedEvents',
      change: (s) => {
        delete s.resource['aws_cloudwatch_event_target'];
        addSynthResource(s, 'aws_cloudwatch_dashboard', 'overview', {
          dashboard_body: JSON.stringify({
            widgets: [
              {
                type: 'metric',
                properties: {
                  metrics: [
                    ['AWS/Events', 'MatchedEvents', 'RuleName', '${aws_cloudwatch_event_rule.rotation-failed.name}'],
                  ],
                },
              },
            ],
          }),
        });
      },
    },
  ],
});
