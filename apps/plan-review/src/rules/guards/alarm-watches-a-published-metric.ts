import { defineResourceRule } from '../rule';
import { alarmMetrics, reachable } from './alarm-metrics';
import { publishedMetric } from './cloudwatch-metrics';

export const alarmWatchesAPublishedMetric = defineResourceRule({
  id: 'alarm-watches-a-published-metric',
  severity: 'medium',
  peers: { checkov: [], trivy: [] },
  title: 'Every alarm on an AWS namespace watches a metric that namespace publishes, below the bound AWS gives it',
  description:
    'CloudWatch accepts an alarm on any namespace, metric name and dimensions, published or not: an alarm on a name ' +
    'its namespace never publishes (`CPUUtilisation`), on a dimension the metric does not have, or on `aws/lambda` ' +
    'instead of `AWS/Lambda` (namespaces and names are case-sensitive) has no data and never fires. The metrics each ' +
    "AWS service of this architecture publishes come from that service's metrics page (the catalog " +
    'rules/guards/cloudwatch-metrics.ts); an AWS namespace not in it is not reviewed yet. Where AWS documents a ' +
    'bound (a percentage, Lambda Duration under the 900 s timeout), a Maximum, Average or percentile alarm above it ' +
    'can never be true; a Sum has no such bound.',
  remediation:
    "Use the metric name, dimensions and namespace exactly as the service's metrics page lists them, with a " +
    'threshold the statistic can reach; add a new AWS namespace to the catalog with its page.',
  docs: [
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_Metric.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.monitoring.html',
    'https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html',
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html',
  ],
  appliesTo: ['aws_cloudwatch_metric_alarm'],
  problem(alarm) {
    const threshold = Number(alarm.values['threshold']);
    const comparison = String(alarm.values['comparison_operator'] ?? '');
    for (const { namespace, metricName, statistic, dimensions } of alarmMetrics(alarm)) {
      // CloudWatch namespaces are case-sensitive: `aws/lambda` is a custom namespace nobody publishes to.
      if (/^aws\//i.test(namespace) && !namespace.startsWith('AWS/')) {
        return `${alarm.address} watches ${namespace}, not AWS's ${namespace.replace(/^aws\//i, 'AWS/')} (namespaces are case-sensitive): no data, it never fires`;
      }
      const metric = publishedMetric(namespace, metricName, dimensions);
      if (metric === 'unknown namespace') {
        return `${alarm.address} watches ${namespace}, a namespace not reviewed yet: add its metrics, with their AWS page, to rules/guards/cloudwatch-metrics.ts`;
      }
      if (metric === 'not published') {
        return `${alarm.address} watches ${namespace} ${metricName}${dimensions.length ? ` by ${dimensions.join(', ')}` : ''}, which ${namespace} does not publish: no data, it never fires`;
      }
      // A bound holds for a value (Maximum, Average, a percentile), not for a Sum over a period.
      if (
        metric?.max !== undefined &&
        isValueStatistic(statistic) &&
        Number.isFinite(threshold) &&
        !reachable(comparison, threshold, 0, metric.max)
      ) {
        return `${alarm.address}: ${metricName} ${comparison} ${threshold} can never be true (AWS bounds it at ${metric.max})`;
      }
    }
    return undefined;
  },
});

/** Maximum, Minimum, Average or a percentile: a value the metric takes, which AWS's bounds apply to. */
function isValueStatistic(statistic: string): boolean {
  return ['Maximum', 'Minimum', 'Average'].includes(statistic) || /^(p|tm|wm|tc|ts|pr)\(?\d/i.test(statistic);
}
