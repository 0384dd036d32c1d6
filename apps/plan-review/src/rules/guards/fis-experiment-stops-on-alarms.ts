import { label, referencedResources } from '../../model/lookup';
import { blocksAt } from '../../model/values';
import { defineResourceRule } from '../rule';
import { alarmMetrics } from './alarm-metrics';

export const fisExperimentStopsOnAlarms = defineResourceRule({
  id: 'fis-experiment-stops-on-alarms',
  severity: 'medium',
  peers: { checkov: [], trivy: [] },
  title: 'A fault-injection experiment stops on at least one alarm of the stack',
  description:
    'A Fault Injection Service experiment harms the stack on purpose (a forced failover, throttled functions); its ' +
    'stop conditions are what end it when the harm goes further than planned. A stop condition is a CloudWatch alarm ' +
    '(source `aws:cloudwatch:alarm`), and FIS stops the experiment when that alarm goes to ALARM; the source `none` ' +
    "never stops it. An alarm on the app's own metrics (a custom namespace, such as the alert path's self-test) says " +
    "nothing of the harm done to AWS resources, so at least one stop alarm must watch an AWS service's metric.",
  remediation:
    'Give the `aws_fis_experiment_template` a `stop_condition` with source `aws:cloudwatch:alarm` naming an alarm of ' +
    'the stack on an AWS metric (the DB CPU or the API 5xx alarm).',
  docs: [
    'https://docs.aws.amazon.com/fis/latest/userguide/stop-conditions.html',
    'https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/fis_experiment_template',
  ],
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
});
