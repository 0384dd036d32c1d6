import { awsManagedKeyAlias } from '../model/kms-keys';
import { label, liveResources, referencedResources } from '../model/lookup';
import type { Resource, ReviewModel } from '../model/types';
import {
  asList,
  blocksAt,
  isExpression,
  isObject,
  isSet,
  readBoolean,
  referencesResource,
  valueAt,
} from '../model/values';
import { perResource, type Rule } from './rule';

/** What must be watched: the CloudWatch dimension that names it, and the attribute holding that name. */
const WATCHED_NAMES: Record<string, { dimension: string; attribute: string }> = {
  aws_db_instance: { dimension: 'DBInstanceIdentifier', attribute: 'identifier' },
  aws_db_proxy: { dimension: 'ProxyName', attribute: 'name' },
  aws_lambda_function: { dimension: 'FunctionName', attribute: 'function_name' },
};
const STAGE = 'aws_apigatewayv2_stage';

/**
 * Alarms and their topic (the monitoring layer): the stateful resources and the functions each have an alarm that
 * pages someone, every alarm has somewhere to send its state, and the alerts topic is encrypted with our own key.
 */
export const monitoringRules: Rule[] = [
  perResource({
    id: 'stateful-and-functions-alarmed',
    severity: 'high',
    peers: { checkov: [], trivy: [] },
    title: 'Every DB instance, proxy, Lambda and API stage has an alarm with alarm_actions to an SNS topic here',
    appliesTo: [...Object.keys(WATCHED_NAMES), STAGE],
    problem: (resource, model) => {
      const alarms = liveResources(model, 'aws_cloudwatch_metric_alarm').filter((alarm) =>
        watches(model, alarm, resource),
      );
      if (alarms.length === 0) return `${label(resource)} has no aws_cloudwatch_metric_alarm watching it`;
      return alarms.some((alarm) => notifiedTopics(model, alarm).length > 0)
        ? undefined
        : `${label(resource)} is watched by ${alarms.map(label).join(', ')}, but none sends alarm_actions to an ` +
            'aws_sns_topic of this stack';
    },
  }),
  perResource({
    id: 'alarm-has-actions',
    severity: 'high',
    peers: { checkov: [], trivy: [] },
    title: 'Every metric alarm has alarm_actions and actions enabled (ok_actions are recommended, not required)',
    appliesTo: ['aws_cloudwatch_metric_alarm'],
    problem: (alarm) => {
      if (readBoolean(alarm.values['actions_enabled']) === false) return `${label(alarm)} has actions_enabled=false`;
      return asList(alarm.values['alarm_actions']).some(isSet)
        ? undefined
        : `${label(alarm)} has no alarm_actions: it changes state and tells no one`;
    },
  }),
  perResource({
    id: 'sns-topic-encrypted-with-cmk',
    severity: 'high',
    peers: { checkov: ['CKV_AWS_26'], trivy: ['AWS-0095', 'AWS-0136'] },
    title: 'SNS topics are encrypted with a customer-managed KMS key (not alias/aws/sns)',
    appliesTo: ['aws_sns_topic'],
    problem: (topic, model) => {
      const key = topic.values['kms_master_key_id'];
      if (!isSet(key)) return `${label(topic)} has no kms_master_key_id (SNS topics are not encrypted by default)`;
      if (typeof key !== 'string') return `${label(topic)} has a kms_master_key_id the review cannot read`;
      const awsManaged = awsManagedKeyAlias(key, model);
      if (awsManaged) return `${label(topic)} uses the AWS-managed key ${awsManaged}; use a customer-managed key`;
      if (referencedResources(model, key, 'aws_kms_key', 'aws_kms_alias').some(isLive)) return undefined;
      if (/^arn:aws[\w-]*:kms:[\w-]+:\d{12}:key\/[\w-]+$/.test(key)) return undefined;
      return `${label(topic)} has kms_master_key_id=${key}, which is neither a KMS key or alias of this stack nor a key ARN`;
    },
  }),
];

function isLive(resource: Resource): boolean {
  return resource.action !== 'delete';
}

/** The live SNS topics of this stack an alarm sends its ALARM state to (none when its actions are disabled). */
function notifiedTopics(model: ReviewModel, alarm: Resource): Resource[] {
  if (readBoolean(alarm.values['actions_enabled']) === false) return [];
  return referencedResources(model, alarm.values['alarm_actions'], 'aws_sns_topic').filter(isLive);
}

/** The dimension sets of an alarm: its own `dimensions`, and those of the metrics in its `metric_query` blocks. */
function dimensionSets(alarm: Resource): Record<string, unknown>[] {
  const own = alarm.values['dimensions'];
  const queried = blocksAt(alarm.values, 'metric_query').map((query) => valueAt(query, 'metric.dimensions'));
  return [own, ...queried].filter(isObject);
}

/**
 * True when one of the alarm's dimensions names the resource: by a `${...}` reference to it (synth, or a plan where
 * the value is still unknown) or by its name in the dimension CloudWatch uses for it (a plan where the name is known:
 * `DBInstanceIdentifier`, `ProxyName`, `FunctionName`; a DB and its proxy may share a name). An API stage
 * is watched by an alarm on its API (`ApiId`) for that stage (`Stage` = its name) or for every stage (no `Stage`).
 */
function watches(model: ReviewModel, alarm: Resource, resource: Resource): boolean {
  return dimensionSets(alarm).some((dimensions) => {
    const values = Object.values(dimensions);
    if (values.some((value) => referencesResource(value, resource.address))) return true;
    if (resource.type === STAGE) return watchesStage(model, dimensions, resource);
    const { dimension, attribute } = WATCHED_NAMES[resource.type];
    const name = resource.values[attribute];
    return typeof name === 'string' && !isExpression(name) && dimensions[dimension] === name;
  });
}

function watchesStage(model: ReviewModel, dimensions: Record<string, unknown>, stage: Resource): boolean {
  const apiId = dimensions['ApiId'];
  if (!isSet(apiId)) return false;
  const stageApi = stage.values['api_id'];
  const apis = referencedResources(model, stageApi, 'aws_apigatewayv2_api');
  const sameApi =
    referencedResources(model, apiId, 'aws_apigatewayv2_api').some((api) => apis.includes(api)) ||
    (typeof stageApi === 'string' && stageApi === apiId);
  const stageName = dimensions['Stage'];
  return sameApi && (stageName === undefined || stageName === stage.values['name']);
}
