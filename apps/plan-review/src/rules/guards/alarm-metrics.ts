import type { Resource } from '../../model/types';
import { blocksAt, isObject } from '../../model/values';

/**
 * Guards that keep guarding: an alarm, a rule or an event subscription that exists but can no longer page anyone is
 * as good as none, and no pattern rule notices it. What the guard rules share about alarms: whether a comparison can
 * ever be true, and which metrics an alarm (or its metric math) watches.
 */

/** Whether `value <op> threshold` can ever be true for a metric bounded by [min, max]. */
export function reachable(comparison: string, threshold: number, min: number, max: number): boolean {
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

/** The namespace, metric name and statistic of an alarm, or of each metric of its metric math. */
export function alarmMetrics(
  alarm: Resource,
): { namespace: string; metricName: string; statistic: string; dimensions: string[] }[] {
  const queries: Record<string, unknown>[] = blocksAt(alarm.values, 'metric_query').flatMap((query) =>
    blocksAt(query, 'metric').map((metric) => ({ ...metric, statistic: metric['stat'] })),
  );
  const plain: Record<string, unknown>[] =
    alarm.values['metric_name'] !== undefined
      ? [
          {
            namespace: alarm.values['namespace'],
            metric_name: alarm.values['metric_name'],
            statistic: alarm.values['statistic'] ?? alarm.values['extended_statistic'],
            dimensions: alarm.values['dimensions'],
          },
        ]
      : [];
  return [...plain, ...queries].map((metric) => ({
    namespace: String(metric['namespace'] ?? ''),
    metricName: String(metric['metric_name'] ?? ''),
    statistic: String(metric['statistic'] ?? ''),
    dimensions: isObject(metric['dimensions']) ? Object.keys(metric['dimensions']) : [],
  }));
}
