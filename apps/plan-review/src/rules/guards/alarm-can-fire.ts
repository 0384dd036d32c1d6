import { readBoolean } from '../../model/values';
import { defineResourceRule } from '../rule';
import { reachable } from './alarm-metrics';

export const alarmCanFire = defineResourceRule({
  id: 'alarm-can-fire',
  severity: 'medium',
  peers: { checkov: [], trivy: [] },
  title: 'Every alarm can fire: a threshold the metric can cross, actions enabled, datapoints within its periods',
  description:
    'An alarm that can never reach ALARM, or reaches it without acting, is a guard in name only. CloudWatch runs an ' +
    "alarm's actions only while `actions_enabled` is true; it compares the statistic with the threshold by the " +
    '`comparison_operator`, and goes to ALARM when `datapoints_to_alarm` of the last `evaluation_periods` datapoints ' +
    'breach (all of them when it is not set), so more datapoints than periods can never be met. Every metric AWS ' +
    'services publish is a count, a size, a time or a percentage: none is negative, so "less than 0" never happens.',
  remediation:
    'Leave `actions_enabled` unset (or true), compare against a threshold the metric can reach, and keep ' +
    '`datapoints_to_alarm` between 1 and `evaluation_periods`.',
  docs: [
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-evaluation.html',
    'https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/cloudwatch_metric_alarm',
  ],
  appliesTo: ['aws_cloudwatch_metric_alarm'],
  problem(alarm) {
    const values = alarm.values;
    if (readBoolean(values['actions_enabled']) === false) return `${alarm.address} has its actions disabled`;
    const threshold = Number(values['threshold']);
    const comparison = String(values['comparison_operator'] ?? '');
    // Every CloudWatch metric of AWS services is a count, a size, a time or a percentage: none is negative. The
    // upper bounds AWS documents are checked with the catalog (alarm-watches-a-published-metric).
    if (Number.isFinite(threshold) && !reachable(comparison, threshold, 0, Number.POSITIVE_INFINITY)) {
      return `${alarm.address}: ${values['metric_name']} ${comparison} ${threshold} can never be true (no AWS metric is negative)`;
    }
    const periods = Number(values['evaluation_periods'] ?? 1);
    const datapoints = Number(values['datapoints_to_alarm'] ?? periods);
    if (datapoints > periods || datapoints < 1) {
      return `${alarm.address}: ${datapoints} datapoints to alarm out of ${periods} evaluation periods can never be met`;
    }
    return undefined;
  },
});
