import { label } from '../../model/lookup';
import { asList, isSet, readBoolean } from '../../model/values';
import { defineResourceRule } from '../rule';

export const alarmHasActions = defineResourceRule({
  id: 'alarm-has-actions',
  severity: 'medium',
  peers: { checkov: [], trivy: [] },
  title: 'Every metric alarm has alarm_actions and actions enabled (ok_actions are recommended, not required)',
  description:
    'A CloudWatch alarm only changes state on its own; what it does about it is in its actions. `alarm_actions` run ' +
    'when it goes to ALARM, and only while `actions_enabled` is true (the default). An alarm with no alarm action, or ' +
    'with its actions switched off, turns red on a console nobody watches. `ok_actions` (telling that it is over) ' +
    'are recommended but not required.',
  remediation: "Give every alarm `alarm_actions` (the stack's alerts topic) and leave `actions_enabled` unset or true.",
  docs: [
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-evaluation.html',
    'https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/cloudwatch_metric_alarm',
  ],
  appliesTo: ['aws_cloudwatch_metric_alarm'],
  problem: (alarm) => {
    if (readBoolean(alarm.values['actions_enabled']) === false) return `${label(alarm)} has actions_enabled=false`;
    return asList(alarm.values['alarm_actions']).some(isSet)
      ? undefined
      : `${label(alarm)} has no alarm_actions: it changes state and tells no one`;
  },
});
