import { addSynthResource, synthResource, type SynthJson } from '../../testing/fixtures';

/** The guard rules' cases: what the fixture (older than the stack's alert path) lacks, added as the stack has it. */

/** The stack's alerts topic, as alarms, event targets and subscriptions name it. */
export const ALERTS_TOPIC = '${aws_sns_topic.monitoring_topic_631C3BE1.arn}';

/** One of the fixture's alarms, by the end of its construct path (`db-cpu`, `api-errors`, `api-5xx` …). */
export const alarm = (synth: SynthJson, suffix: string) => synthResource(synth, 'aws_cloudwatch_metric_alarm', suffix);

/** The rotation failure rule as the stack has it (the fixture predates it), with its target, the alerts topic. */
export function addRotationFailedRule(synth: SynthJson): void {
  addSynthResource(synth, 'aws_cloudwatch_event_rule', 'rotation-failed', {
    name: 'rdsp-dev-rotation-failed',
    event_pattern: JSON.stringify({
      source: ['aws.secretsmanager'],
      'detail-type': ['AWS Service Event via CloudTrail'],
      detail: { eventName: ['RotationFailed', 'RotationAbandoned'] },
    }),
  });
  addSynthResource(synth, 'aws_cloudwatch_event_target', 'rotation-failed-target', {
    rule: '${aws_cloudwatch_event_rule.rotation-failed.name}',
    arn: ALERTS_TOPIC,
  });
}

/** The RDS event subscription of the stack, with the categories given. */
export function addDbEventSubscription(synth: SynthJson, eventCategories: string[]): void {
  addSynthResource(synth, 'aws_db_event_subscription', 'db-events', {
    name: 'rdsp-dev-db-events',
    sns_topic: ALERTS_TOPIC,
    source_type: 'db-instance',
    event_categories: eventCategories,
  });
}
