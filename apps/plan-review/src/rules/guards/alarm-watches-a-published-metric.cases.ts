import { defineCases } from '../../testing/cases';
import { alarmWatchesAPublishedMetric } from './alarm-watches-a-published-metric';
import { alarm } from './fixture-edits';

export default defineCases({
  rule: alarmWatchesAPublishedMetric,
  failing: [
    {
      // Lambda, not the Queen: CloudWatch has no data for a name AWS/RDS never publishes (rds-metrics.html).
      variant: 'metric_name = CPUUtilisation',
      change: (s) => (alarm(s, 'db-cpu').metric_name = 'CPUUtilisation'),
    },
  ],
  passing: [
    {
      // AWS's bounds hold for values, not sums: a Sum of Duration may exceed the 900 s timeout.
      variant: 'a Sum of Lambda Duration above 900 s (a cost guard)',
      change: (s) =>
        Object.assign(alarm(s, 'api-errors'), { metric_name: 'Duration', statistic: 'Sum', threshold: 2_000_000 }),
    },
    {
      // DBLoadCPU is a number of sessions, not a percentage: 150 can be crossed.
      variant: 'DBLoadCPU above 150',
      change: (s) => Object.assign(alarm(s, 'db-cpu'), { metric_name: 'DBLoadCPU', threshold: 150 }),
    },
  ],
});
