import { referencedResources } from '../../model/lookup';
import { asList } from '../../model/values';
import { defineResourceRule } from '../rule';

export const alarmNotifiesTheStackTopic = defineResourceRule({
  id: 'alarm-notifies-the-stack-topic',
  severity: 'medium',
  peers: { checkov: [], trivy: [] },
  title: 'Every alarm sends its ALARM to an SNS topic of the stack',
  description:
    'An alarm pages someone only through its `alarm_actions`, the ARNs CloudWatch acts on when the alarm goes to ' +
    "ALARM. This architecture's on-call hears of alarms through the SNS topic the stack creates (encrypted with its " +
    'own key, with its subscriptions reviewed); an alarm whose actions name no topic of the stack, or a topic ' +
    'elsewhere (another account, a hand-made one), changes state and reaches no one the stack knows of.',
  remediation: "Put the ARN of the stack's alerts topic (`aws_sns_topic.<alerts>.arn`) in the alarm's `alarm_actions`.",
  docs: [
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-evaluation.html',
    'https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/cloudwatch_metric_alarm',
  ],
  appliesTo: ['aws_cloudwatch_metric_alarm'],
  problem(alarm, model) {
    const topics = referencedResources(model, alarm.values['alarm_actions'], 'aws_sns_topic');
    if (topics.length > 0) return undefined;
    const actions = asList(alarm.values['alarm_actions']);
    return `${alarm.address} sends its ALARM to ${actions.length ? actions.join(', ') : 'nobody'}, not to a topic of this stack`;
  },
});
