import { defineCases } from '../../testing/cases';
import { addSynthResource } from '../../testing/fixtures';
import { alertsReachASubscriber } from './alerts-reach-a-subscriber';
import { ALERTS_TOPIC } from './fixture-edits';

export default defineCases({
  rule: alertsReachASubscriber,
  // The typed config requires a subscriber in prod.
  environment: 'prod',
  setup: (s) =>
    addSynthResource(s, 'aws_sns_topic_subscription', 'email-0', {
      topic_arn: ALERTS_TOPIC,
      protocol: 'email',
      endpoint: 'oncall@example.com',
    }),
  failing: [{ variant: 'the subscription removed', change: (s) => delete s.resource['aws_sns_topic_subscription'] }],
  passing: [
    {
      // A dev stack may run before anyone is on call (infra config/environment-rules.ts).
      variant: 'a dev stack with no subscriber yet',
      environment: 'dev',
      change: (s) => delete s.resource['aws_sns_topic_subscription'],
    },
    {
      variant: 'the e-mail subscription replaced by an HTTPS one (a paging service)',
      change: (s) =>
        Object.assign(s.resource['aws_sns_topic_subscription']['email-0'], {
          protocol: 'https',
          endpoint: 'https://events.pager.example.com/integration/abc',
        }),
    },
  ],
});
