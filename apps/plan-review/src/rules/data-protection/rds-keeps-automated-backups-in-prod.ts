import { label } from '../../model/lookup';
import { readBoolean } from '../../model/values';
import { defineResourceRule } from '../rule';

export const rdsKeepsAutomatedBackupsInProd = defineResourceRule({
  id: 'rds-keeps-automated-backups-in-prod',
  severity: 'medium',
  peers: { checkov: [], trivy: [] },
  title: 'Prod DB instances keep their automated backups when deleted (delete_automated_backups=false)',
  description:
    "A DB instance's automated backups (its system snapshots and transaction logs) are what point-in-time restore " +
    'uses. Unless they are retained, RDS deletes them with the instance and they cannot be recovered; retained, they ' +
    'stay for the backup retention period the instance had and can still be restored from. The provider retains them ' +
    'only with `delete_automated_backups = false` (its default is true). In prod a destroy by one bad apply must not ' +
    'take the recent history of the data with it.',
  remediation: 'In prod, set `delete_automated_backups = false` on every DB instance.',
  docs: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.Retaining.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html',
    'https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/db_instance',
  ],
  appliesTo: ['aws_db_instance'],
  productionOnly: true,
  // The provider's default is true: deleting the instance deletes its point-in-time backups with it.
  problem: (db) =>
    readBoolean(db.values['delete_automated_backups']) === false
      ? undefined
      : `${label(db)} has delete_automated_backups=${String(db.values['delete_automated_backups'] ?? 'unset (true)')} in production`,
});
