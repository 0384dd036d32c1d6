import { defineCases } from '../../testing/cases';
import { db } from './fixture-edits';
import { rdsLogExports } from './rds-log-exports';

export default defineCases({
  rule: rdsLogExports,
  failing: [
    { variant: 'enabled_cloudwatch_logs_exports removed', change: (s) => delete db(s).enabled_cloudwatch_logs_exports },
    { variant: 'enabled_cloudwatch_logs_exports = []', change: (s) => (db(s).enabled_cloudwatch_logs_exports = []) },
  ],
  passing: [
    {
      // The error log alone is still exported: which log types a team keeps is its call, not this rule's.
      variant: 'only the error log exported',
      change: (s) => (db(s).enabled_cloudwatch_logs_exports = ['error']),
    },
  ],
});
