import { label } from '../../model/lookup';
import { defineResourceRule } from '../rule';
import { alarmsWatching, notifiedTopics, STAGE, WATCHED_NAMES } from './alarm-targets';

export const statefulAndFunctionsAlarmed = defineResourceRule({
  id: 'stateful-and-functions-alarmed',
  severity: 'medium',
  peers: { checkov: [], trivy: [] },
  title: 'Every DB instance, proxy, Lambda and API stage has an alarm with alarm_actions to an SNS topic here',
  description:
    'Each part of the request path (the API stage, the functions, the RDS Proxy, the DB instance) must have at least ' +
    "one CloudWatch alarm on its own metrics that pages the stack's SNS topic, or its failure goes unnoticed until " +
    'a user reports it. CloudWatch knows which resource a metric is about only by its dimensions: ' +
    '`DBInstanceIdentifier` for an instance, `ProxyName` for a proxy, `FunctionName` for a function, `ApiId` (and ' +
    '`Stage`) for an HTTP API stage. An alarm counts when one of its dimensions (or of its metric-math metrics) ' +
    'names the resource, its actions are enabled and its `alarm_actions` reach a topic of the stack; an alarm on ' +
    'another stage, a topic elsewhere or actions switched off do not.',
  remediation:
    'Add an `aws_cloudwatch_metric_alarm` whose dimensions name the resource and whose `alarm_actions` name the ' +
    "stack's alerts topic.",
  docs: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.monitoring.html',
    'https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html',
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html',
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-evaluation.html',
  ],
  appliesTo: [...Object.keys(WATCHED_NAMES), STAGE],
  problem: (resource, model) => {
    const alarms = alarmsWatching(model, resource);
    if (alarms.length === 0) return `${label(resource)} has no aws_cloudwatch_metric_alarm watching it`;
    return alarms.some((alarm) => notifiedTopics(model, alarm).length > 0)
      ? undefined
      : `${label(resource)} is watched by ${alarms.map(label).join(', ')}, but none sends alarm_actions to an ` +
          'aws_sns_topic of this stack';
  },
});
