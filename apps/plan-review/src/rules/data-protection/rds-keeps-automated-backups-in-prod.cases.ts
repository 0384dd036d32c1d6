import { defineCases } from '../../testing/cases';
import { db, protectProdDatabase } from './fixture-edits';
import { rdsKeepsAutomatedBackupsInProd } from './rds-keeps-automated-backups-in-prod';

export default defineCases({
  rule: rdsKeepsAutomatedBackupsInProd,
  environment: 'prod',
  setup: protectProdDatabase,
  failing: [
    {
      variant: 'delete_automated_backups unset (the provider default, true)',
      change: (s) => delete db(s).delete_automated_backups,
    },
  ],
  passing: [
    {
      // Added: Terraform converts the string "false" to the bool.
      variant: 'delete_automated_backups as the string "false"',
      change: (s) => (db(s).delete_automated_backups = 'false'),
    },
  ],
});
