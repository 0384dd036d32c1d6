import { liveResources } from '../../model/lookup';
import { readBoolean } from '../../model/values';
import { defineRule } from '../rule';

export const alertSourcesEnabled = defineRule({
  id: 'alert-sources-enabled',
  severity: 'medium',
  peers: { checkov: [], trivy: [] },
  title: 'Event subscriptions and event rules that feed the alerts are enabled',
  description:
    'RDS event subscriptions and EventBridge rules carry the events the on-call must hear of (failovers, failed ' +
    'rotations) to the alerts topic. Both can be switched off without being removed: an RDS event subscription with ' +
    '`enabled = false` sends no notification, and an EventBridge rule whose `state` is `DISABLED` (or the older ' +
    '`is_enabled = false`) matches no event. A disabled one looks like a guard in the plan and guards nothing.',
  remediation:
    'Leave `enabled` unset (or true) on `aws_db_event_subscription` and `state` unset (or `ENABLED`) on ' +
    '`aws_cloudwatch_event_rule`; remove a source the stack no longer wants instead of disabling it.',
  docs: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.html',
    'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rules.html',
    'https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/db_event_subscription',
    'https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/cloudwatch_event_rule',
  ],
  appliesTo: ['aws_db_event_subscription', 'aws_cloudwatch_event_rule'],
  check(model) {
    return liveResources(model, 'aws_db_event_subscription', 'aws_cloudwatch_event_rule').map((resource) => {
      const disabled =
        resource.type === 'aws_db_event_subscription'
          ? readBoolean(resource.values['enabled']) === false
          : String(resource.values['state'] ?? 'ENABLED').startsWith('DISABLED') ||
            readBoolean(resource.values['is_enabled']) === false;
      return {
        ruleId: 'alert-sources-enabled',
        address: resource.address,
        passed: !disabled,
        message: disabled ? `${resource.address} is disabled: its events reach nobody` : `${resource.address}: enabled`,
      };
    });
  },
});
