import { synthResource, type SynthJson } from '../../testing/fixtures';

/** One of the fixture's alarms, by its name after `monitoring/alarm-` (`db-cpu`, `api-errors`, `api-5xx` …). */
export const alarm = (synth: SynthJson, name: string) =>
  synthResource(synth, 'aws_cloudwatch_metric_alarm', `monitoring/alarm-${name}`);

/** The fixture's alerts topic. */
export const topic = (synth: SynthJson) => synthResource(synth, 'aws_sns_topic', 'monitoring/topic');
