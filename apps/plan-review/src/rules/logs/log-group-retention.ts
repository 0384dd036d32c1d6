import { minimumLogRetentionDays } from '../../config/review-config';
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
  title: 'Log groups have a retention period, at least the configured minimum for the environment',
  description:
    "CloudWatch Logs keeps a log group's events forever unless the group has a retention period: an unset " +
    '`retention_in_days`, or 0 (the provider\'s "never expire"), keeps request details, addresses and function ' +
    "output for longer than any investigation needs, at a cost that never ends. How long is the team's decision, " +
    'made once in the reviewed settings (`bounds.minimumLogRetentionDays` per environment in review-config.json: 14 ' +
    'days, 90 in prod in this repository, as the typed config sets them): a change that keeps logs for a day erases ' +
    'the record an investigation of that change would need.',
  remediation:
    'Set `retention_in_days` to a period CloudWatch Logs accepts, at least the configured minimum (14 days, 90 in ' +
    'prod here); lower the minimum in review-config.json only as a reviewed decision.',
  docs: [
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html',
    'https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html',
    'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_log_group#retention_in_days',
  ],
  appliesTo: ['aws_cloudwatch_log_group'],
  problem: (group, model, { config }) => {
    const days = Number(group.values['retention_in_days'] ?? 0);
    if (!(days > 0)) return `${label(group)} keeps logs forever (retention_in_days unset)`;
    const minimum = minimumLogRetentionDays(config, model.environment);
    return minimum !== undefined && days < minimum
      ? `${label(group)} keeps logs ${days} days, less than the ${minimum} the reviewed bounds set for ${model.environment ?? 'this environment'}`
      : undefined;
  },
});
