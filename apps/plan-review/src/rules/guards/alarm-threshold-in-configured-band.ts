import type { Resource } from '../../model/types';
import { blocksAt, readBoolean } from '../../model/values';
import { defineResourceRule } from '../rule';
import { alarmMetrics } from './alarm-metrics';
import { publishedMetric } from './cloudwatch-metrics';

const count = (value: number) => value.toLocaleString('en-US');

export const alarmThresholdInConfiguredBand = defineResourceRule({
  id: 'alarm-threshold-in-configured-band',
  severity: 'medium',
  peers: { checkov: [], trivy: [] },
  title:
    "A count alarm fires within the configured band, every alarm can page within the configured window, and no alarm's expression is constant",
  description:
    'An alarm can be kept and still be silenced: a threshold no realistic count reaches (a billion errors in five ' +
    'minutes), a metric-math expression that no metric moves (`m1*0`, a constant), or a window so long that the ' +
    'on-call hears a day late. The reviewed settings (`bounds` in review-config.json, the band of the typed config: ' +
    "100,000 per period and one hour in this repository) bound a count alarm's threshold and the time an alarm " +
    'needs to fire; CloudWatch goes to ALARM once `datapoints_to_alarm` periods (all `evaluation_periods` when ' +
    'unset) are in breach, so the soonest an alarm can fire is period × datapoints. A threshold, period or datapoint ' +
    'count the review cannot read fails rather than passes.',
  remediation:
    'Keep count thresholds within `bounds.maximumCountAlarmThreshold`, return an expression that follows its ' +
    'metrics, and keep `period` × `datapoints_to_alarm` within `bounds.maximumAlarmWindowSeconds`.',
  docs: [
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-evaluation.html',
    'https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/cloudwatch_metric_alarm',
  ],
  appliesTo: ['aws_cloudwatch_metric_alarm'],
  problem(alarm, _model, { config }) {
    const maxThreshold = config.bounds?.maximumCountAlarmThreshold ?? Infinity;
    const maxWindow = config.bounds?.maximumAlarmWindowSeconds ?? Infinity;
    const values = alarm.values;
    const threshold = Number(values['threshold']);
    const metrics = alarmMetrics(alarm);
    if (!Number.isFinite(threshold) && values['threshold_metric_id'] === undefined) {
      return `${alarm.address} has a threshold the review cannot read (${String(values['threshold'])})`;
    }
    const constant = constantExpression(alarm);
    if (constant) return `${alarm.address} alarms on ${constant}, which no metric moves: it never changes state`;
    const countMetric = metrics.find(({ namespace, metricName }) => {
      const metric = publishedMetric(namespace, metricName);
      return typeof metric === 'object' && metric.count === true;
    });
    if (
      countMetric &&
      String(values['comparison_operator'] ?? '').startsWith('GreaterThan') &&
      threshold > maxThreshold
    ) {
      return `${alarm.address} fires only above ${count(threshold)} ${countMetric.metricName} per period, past the ${count(maxThreshold)} the reviewed bounds allow for any count alarm`;
    }
    // The soonest it can fire: `datapoints_to_alarm` periods in breach (default: every evaluation period)
    // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarm-evaluation).
    const periods = Number(values['evaluation_periods'] ?? 1);
    const datapoints = Number(values['datapoints_to_alarm'] ?? periods);
    const period = alarmPeriod(alarm);
    if (!Number.isFinite(period) || !Number.isFinite(datapoints)) {
      return `${alarm.address} has a period or datapoint count the review cannot read`;
    }
    const window = period * datapoints;
    if (window > maxWindow) {
      return `${alarm.address} needs ${window / 60} minutes of datapoints in breach before it can fire (at most ${maxWindow / 60})`;
    }
    return undefined;
  },
});

/**
 * The returned expression of a metric-math alarm when no metric can move it: it names none of the alarm's metric
 * queries, or multiplies by zero (`m1*0`). Undefined for plain alarms and expressions that follow their metrics.
 */
function constantExpression(alarm: Resource): string | undefined {
  const queries = blocksAt(alarm.values, 'metric_query');
  const returned = queries.find((query) => readBoolean(query['return_data']) === true && query['expression']);
  if (!returned) return undefined;
  const expression = String(returned['expression']);
  const ids = queries.map((query) => String(query['id'])).filter((id) => id !== String(returned['id']));
  const namesAMetric = ids.some((id) => new RegExp(`\\b${id}\\b`).test(expression));
  if (!namesAMetric || /\*\s*0+(?:\.0+)?(?![\d.])|(?<![\w.])0+(?:\.0+)?\s*\*/.test(expression))
    return `"${expression}"`;
  return undefined;
}

/** The alarm's period in seconds: its own, or, for metric math, the longest of its metrics' periods. */
function alarmPeriod(alarm: Resource): number {
  if (alarm.values['period'] !== undefined) return Number(alarm.values['period']);
  const periods = blocksAt(alarm.values, 'metric_query').flatMap((query) => [
    ...(query['period'] !== undefined ? [Number(query['period'])] : []),
    ...blocksAt(query, 'metric').map((metric) => Number(metric['period'])),
  ]);
  return periods.length ? Math.max(...periods) : Number.NaN;
}
