import { label, liveResources, referencedResources } from '../../model/lookup';
import type { Resource, ReviewModel } from '../../model/types';
import { blocksAt, isExpression, isObject } from '../../model/values';
import { defineResourceRule } from '../rule';

/**
 * For each AWS namespace, the dimensions that name one resource, and the resource type and attribute that hold that
 * name. The dimension names are the ones each service's metrics page lists (Lambda: monitoring-metrics-types.html,
 * RDS: rds-metrics.html, RDS Proxy: rds-proxy.monitoring.html, API Gateway HTTP APIs: http-api-metrics.html, SQS:
 * sqs-available-cloudwatch-metrics.html, SNS: sns-monitoring-using-cloudwatch.html, EventBridge:
 * eb-monitoring.html). A dimension not listed here is not judged (it names no single resource, like TargetRole).
 */
const NAMED_BY: Record<string, Record<string, readonly (readonly [type: string, attribute: string])[]>> = {
  'AWS/Lambda': { FunctionName: [['aws_lambda_function', 'function_name']] },
  'AWS/RDS': {
    DBInstanceIdentifier: [['aws_db_instance', 'identifier']],
    ProxyName: [['aws_db_proxy', 'name']],
    TargetGroup: [['aws_db_proxy_default_target_group', 'name']],
  },
  'AWS/ApiGateway': {
    ApiId: [['aws_apigatewayv2_api', 'id']],
    Stage: [['aws_apigatewayv2_stage', 'name']],
  },
  'AWS/SQS': { QueueName: [['aws_sqs_queue', 'name']] },
  'AWS/SNS': { TopicName: [['aws_sns_topic', 'name']] },
  'AWS/Events': { RuleName: [['aws_cloudwatch_event_rule', 'name']] },
};

/** The default target group of a proxy is always named "default" (rds-proxy.monitoring.html, TargetGroup). */
const FIXED_NAMES: Record<string, readonly string[]> = { TargetGroup: ['default'] };

/** Whether a dimension value names a live resource of the stack: by a reference to one, or by its literal name. */
function namesAResource(
  model: ReviewModel,
  dimension: string,
  value: unknown,
  targets: readonly (readonly [string, string])[],
): boolean {
  if (typeof value === 'string' && FIXED_NAMES[dimension]?.includes(value)) return true;
  const types = targets.map(([type]) => type);
  if (referencedResources(model, value, ...types).some((resource) => resource.action !== 'delete')) return true;
  if (typeof value !== 'string' || isExpression(value)) return false;
  return targets.some(([type, attribute]) =>
    liveResources(model, type).some((resource: Resource) => resource.values[attribute] === value),
  );
}

export const alarmWatchesAResourceOfTheStack = defineResourceRule({
  id: 'alarm-watches-a-resource-of-the-stack',
  severity: 'medium',
  peers: { checkov: [], trivy: [] },
  title:
    "Every alarm's dimensions name resources of the stack: a function, instance, proxy, API, queue, topic or rule that exists",
  description:
    'CloudWatch identifies a metric by its namespace, name and every dimension: an alarm whose FunctionName, ' +
    'DBInstanceIdentifier, ProxyName, ApiId, QueueName, TopicName or RuleName names nothing that exists watches a ' +
    'metric nobody publishes, and stays in OK or INSUFFICIENT_DATA while the real resource fails. A typo, a renamed ' +
    'function, or a hostile change that points the alarm at a name one character off silences it without touching ' +
    'its threshold. Each such dimension must be a reference to a resource of the stack or the literal name of one; ' +
    'a value the review cannot resolve fails.',
  remediation:
    "Set the dimension to a reference to the resource (`${aws_lambda_function.api.function_name}`) or to that resource's exact name.",
  docs: [
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Dimension',
    'https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.monitoring.html',
  ],
  appliesTo: ['aws_cloudwatch_metric_alarm'],
  problem(alarm, model) {
    const metrics = [
      { namespace: alarm.values['namespace'], dimensions: alarm.values['dimensions'] },
      ...blocksAt(alarm.values, 'metric_query').flatMap((query) => blocksAt(query, 'metric')),
    ];
    const problems = metrics.flatMap((metric) => {
      const named = NAMED_BY[String(metric['namespace'] ?? '')];
      if (!named || !isObject(metric['dimensions'])) return [];
      return Object.entries(metric['dimensions'])
        .filter(([dimension, value]) => named[dimension] && !namesAResource(model, dimension, value, named[dimension]))
        .map(([dimension, value]) => `${dimension}=${String(value)}`);
    });
    return problems.length
      ? `${label(alarm)} watches ${problems.join(', ')}, which names nothing of the stack: the alarm can never see the resource fail`
      : undefined;
  },
});
