import { liveResources, referencedResources } from '../../model/lookup';
import type { Resource, ReviewModel } from '../../model/types';
import { blocksAt, isExpression, isObject, isSet, readBoolean, referencesResource, valueAt } from '../../model/values';

/**
 * Alarms and their topic (the monitoring layer): what an alarm watches and whom it pages, shared by the monitoring
 * rules.
 */

/** What must be watched: the CloudWatch dimension that names it, and the attribute holding that name. */
export const WATCHED_NAMES: Record<string, { dimension: string; attribute: string }> = {
  aws_db_instance: { dimension: 'DBInstanceIdentifier', attribute: 'identifier' },
  aws_db_proxy: { dimension: 'ProxyName', attribute: 'name' },
  aws_lambda_function: { dimension: 'FunctionName', attribute: 'function_name' },
};
export const STAGE = 'aws_apigatewayv2_stage';

export function isLive(resource: Resource): boolean {
  return resource.action !== 'delete';
}

/** The live alarms of the stack that watch the resource. */
export function alarmsWatching(model: ReviewModel, resource: Resource): Resource[] {
  return liveResources(model, 'aws_cloudwatch_metric_alarm').filter((alarm) => watches(model, alarm, resource));
}

/** The live SNS topics of this stack an alarm sends its ALARM state to (none when its actions are disabled). */
export function notifiedTopics(model: ReviewModel, alarm: Resource): Resource[] {
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
