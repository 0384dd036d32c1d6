import { liveResources, referencedResources } from '../model/lookup';
import { asList, readBoolean } from '../model/values';
import { perResource, type Rule } from './rule';

/**
 * Guards that keep guarding: an alarm, a rule or an event subscription that exists but can no longer page anyone is
 * as good as none, and no pattern rule notices it. Each invariant below holds for every guard of the stack.
 */

/** Metrics reported as a percentage (0 to 100): CloudWatch namespaces' metric docs (AWS/RDS, AWS/Lambda …). */
const PERCENT_METRICS = new Set(['CPUUtilization', 'AvailabilityPercentage', 'DBLoadCPU', 'BurstBalance']);

/** Whether `value <op> threshold` can ever be true for a metric bounded by [min, max]. */
function reachable(comparison: string, threshold: number, min: number, max: number): boolean {
  switch (comparison) {
    case 'GreaterThanThreshold':
      return threshold < max;
    case 'GreaterThanOrEqualToThreshold':
      return threshold <= max;
    case 'LessThanThreshold':
      return threshold > min;
    case 'LessThanOrEqualToThreshold':
      return threshold >= min;
    default:
      // Anomaly-detection bands (LessThanLowerOrGreaterThanUpperThreshold …) follow the metric: reachable.
      return true;
  }
}

export const guardRules: Rule[] = [
  perResource({
    id: 'alarm-can-fire',
    title: 'Every alarm can fire: a threshold the metric can cross, actions enabled, datapoints within its periods',
    appliesTo: ['aws_cloudwatch_metric_alarm'],
    problem(alarm) {
      const values = alarm.values;
      if (readBoolean(values['actions_enabled']) === false) return `${alarm.address} has its actions disabled`;
      const threshold = Number(values['threshold']);
      const comparison = String(values['comparison_operator'] ?? '');
      // Every CloudWatch metric of AWS services is a count, a size, a time or a percentage: none is negative.
      const max = PERCENT_METRICS.has(String(values['metric_name'])) ? 100 : Number.POSITIVE_INFINITY;
      if (Number.isFinite(threshold) && !reachable(comparison, threshold, 0, max)) {
        return `${alarm.address}: ${values['metric_name']} ${comparison} ${threshold} can never be true (the metric stays within 0 to ${max})`;
      }
      const periods = Number(values['evaluation_periods'] ?? 1);
      const datapoints = Number(values['datapoints_to_alarm'] ?? periods);
      if (datapoints > periods || datapoints < 1) {
        return `${alarm.address}: ${datapoints} datapoints to alarm out of ${periods} evaluation periods can never be met`;
      }
      return undefined;
    },
  }),
  perResource({
    id: 'alarm-notifies-the-stack-topic',
    title: 'Every alarm sends its ALARM to an SNS topic of the stack',
    appliesTo: ['aws_cloudwatch_metric_alarm'],
    problem(alarm, model) {
      const topics = referencedResources(model, alarm.values['alarm_actions'], 'aws_sns_topic');
      if (topics.length > 0) return undefined;
      const actions = asList(alarm.values['alarm_actions']);
      return `${alarm.address} sends its ALARM to ${actions.length ? actions.join(', ') : 'nobody'}, not to a topic of this stack`;
    },
  }),
  {
    id: 'alert-sources-enabled',
    title: 'Event subscriptions and event rules that feed the alerts are enabled',
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
          message: disabled
            ? `${resource.address} is disabled: its events reach nobody`
            : `${resource.address}: enabled`,
        };
      });
    },
  },
];
