import { label } from '../../model/lookup';
import { defineResourceRule } from '../rule';

export const logGroupRetention = defineResourceRule({
  id: 'log-group-retention',
  severity: 'medium',
  peers: { checkov: ['CKV_AWS_66'], trivy: [] },
  differences: [
    {
      peer: 'checkov',
      id: 'CKV_AWS_66',
      difference:
        'checkov accepts `retention_in_days = 0`, which the provider documents as "never expire"; we refuse it, as ' +
        'we refuse an unset retention.',
    },
  ],
  title: 'Log groups have a retention period',
  description:
    "CloudWatch Logs keeps a log group's events forever unless the group has a retention period: an unset " +
    '`retention_in_days`, or 0 (the provider\'s "never expire"), keeps request details, addresses and function ' +
    'output for longer than any investigation needs, at a cost that never ends. The rule asks for a retention ' +
    "period, any that CloudWatch Logs accepts: how long is the team's decision (an audit may ask for a year or more).",
  remediation: 'Set `retention_in_days` to one of the periods CloudWatch Logs accepts (30, 90, 365 days…).',
  docs: [
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html',
    'https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html',
    'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_log_group#retention_in_days',
  ],
  appliesTo: ['aws_cloudwatch_log_group'],
  problem: (group) =>
    Number(group.values['retention_in_days'] ?? 0) > 0
      ? undefined
      : `${label(group)} keeps logs forever (retention_in_days unset)`,
});
