import { defineCases } from '../../testing/cases';
import { db } from './fixture-edits';
import { rdsBackupRetention } from './rds-backup-retention';

// More cases, with their exact messages and a plan's unknown retention, in rds.spec.ts.
export default defineCases({
  rule: rdsBackupRetention,
  environment: 'prod',
  failing: [
    { variant: 'backup_retention_period = 3 in prod', change: (s) => (db(s).backup_retention_period = 3) },
    {
      variant: "backup_retention_period unset in prod (RDS's default: 1 day)",
      change: (s) => delete db(s).backup_retention_period,
    },
    {
      variant: 'backup_retention_period = 0 (backups off) in dev',
      environment: 'dev',
      change: (s) => (db(s).backup_retention_period = 0),
    },
  ],
  passing: [
    {
      variant: 'a dev instance keeping backups 1 day',
      environment: 'dev',
      change: (s) => (db(s).backup_retention_period = 1),
    },
    { variant: 'the 35-day maximum in prod', change: (s) => (db(s).backup_retention_period = 35) },
  ],
});
