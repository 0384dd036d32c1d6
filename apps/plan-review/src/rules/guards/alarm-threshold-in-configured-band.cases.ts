import { defineCases } from '../../testing/cases';
import { FIXTURE_BOUNDS_CONFIG } from '../../testing/fixtures';
import { alarmThresholdInConfiguredBand } from './alarm-threshold-in-configured-band';
import { alarm } from './fixture-edits';

export default defineCases({
  rule: alarmThresholdInConfiguredBand,
  config: FIXTURE_BOUNDS_CONFIG,
  failing: [
    { variant: 'threshold = 1,000,000,000 errors', change: (s) => (alarm(s, 'api-errors').threshold = 1e9) },
    {
      variant: '13 of 13 five-minute periods (65 minutes, past the hour)',
      change: (s) =>
        Object.assign(alarm(s, 'api-errors'), { period: 300, evaluation_periods: 13, datapoints_to_alarm: 13 }),
    },
  ],
  passing: [
    {
      // The soonest it fires is datapoints_to_alarm periods in breach (15 minutes), not every evaluation period.
      variant: '3 of 15 five-minute periods',
      change: (s) =>
        Object.assign(alarm(s, 'api-errors'), { period: 300, evaluation_periods: 15, datapoints_to_alarm: 3 }),
    },
    {
      variant: 'a Sum of Lambda Duration as a cost guard',
      change: (s) =>
        Object.assign(alarm(s, 'api-errors'), {
          metric_name: 'Duration',
          namespace: 'AWS/Lambda',
          statistic: 'Sum',
          threshold: 2_000_000,
        }),
    },
  ],
});
