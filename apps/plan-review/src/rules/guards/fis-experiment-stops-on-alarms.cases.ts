import { defineCases } from '../../testing/cases';
import { addSynthResource, synthResource } from '../../testing/fixtures';
import { fisExperimentStopsOnAlarms } from './fis-experiment-stops-on-alarms';

const stopOn = (alarm: string) => ({ source: 'aws:cloudwatch:alarm', value: `\${${alarm}.arn}` });

export default defineCases({
  rule: fisExperimentStopsOnAlarms,
  setup: (s) =>
    addSynthResource(s, 'aws_fis_experiment_template', 'drill', {
      description: 'failover drill',
      stop_condition: [stopOn('aws_cloudwatch_metric_alarm.monitoring_alarm-db-cpu_A9709D6C')],
    }),
  failing: [
    {
      variant: 'stop_condition = none',
      change: (s) => (synthResource(s, 'aws_fis_experiment_template', 'drill').stop_condition = [{ source: 'none' }]),
    },
  ],
  passing: [
    {
      variant: 'two stop alarms: the DB CPU and the API 5xx',
      change: (s) =>
        (synthResource(s, 'aws_fis_experiment_template', 'drill').stop_condition = [
          stopOn('aws_cloudwatch_metric_alarm.monitoring_alarm-db-cpu_A9709D6C'),
          stopOn('aws_cloudwatch_metric_alarm.monitoring_alarm-api-5xx_A3F8CA29'),
        ]),
    },
  ],
});
