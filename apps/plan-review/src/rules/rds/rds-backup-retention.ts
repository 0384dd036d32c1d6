import { isProduction, label } from '../../model/lookup';
import { isSet } from '../../model/values';
import { defineResourceRule } from '../rule';
import { INSTANCE } from './db-resources';

export const rdsBackupRetention = defineResourceRule({
  id: 'rds-backup-retention',
  severity: 'medium',
  peers: { checkov: ['CKV_AWS_133'], trivy: [] },
  differences: [
    {
      peer: 'checkov',
      id: 'CKV_AWS_133',
      difference:
        'CKV_AWS_133 accepts any retention from 1 to 35 days in every environment, assumes 1 day when ' +
        '`backup_retention_period` is unset even on an instance made from a replica source, snapshot, point in time ' +
        'or S3 backup, and leaves a variable unknown; ours needs 7 days in production, refuses an unset retention on ' +
        'an instance CreateDBInstance does not make (its default does not apply there) and a value it cannot read.',
    },
    {
      peer: 'checkov',
      id: 'CKV_AWS_133',
      difference:
        'CKV_AWS_133 also checks `aws_rds_cluster`; ours reads only `aws_db_instance`, the only kind of database this ' +
        'architecture runs.',
    },
  ],
  title: 'RDS backups are kept (at least 7 days in prod)',
  description:
    'RDS takes a daily snapshot of the instance and keeps its transaction logs for the backup retention period, which ' +
    'is how far back a point-in-time restore reaches; 0 turns automated backups off. Unset, the provider sends no ' +
    'BackupRetentionPeriod and CreateDBInstance keeps backups 1 day, so a mistake noticed after a weekend can no ' +
    'longer be undone: production keeps at least 7 days, other environments at least 1. An instance made from a ' +
    'replica source, a snapshot, a point in time or an S3 backup is created by another call whose default is not ' +
    "CreateDBInstance's, so there an unset retention fails.",
  remediation: 'Set `backup_retention_period` on the DB instance: at least 7 in production, at least 1 elsewhere.',
  docs: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html',
    'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#backup_retention_period',
  ],
  appliesTo: INSTANCE,
  problem: (db, model) => {
    const minimum = isProduction(model) ? 7 : 1;
    const retention = backupRetention(db.values['backup_retention_period']);
    const source = NOT_CREATED_BY_CREATE_DB_INSTANCE.find((attribute) => isSet(db.values[attribute]));
    if (retention?.unset && source) {
      return `${label(db)} leaves backup_retention_period unset on an instance made from ${source} (RDS's default of 1 day is for a new instance only); needs at least ${minimum}`;
    }
    if (retention === undefined) {
      return `${label(db)} sets backup_retention_period=${String(db.values['backup_retention_period'])}, which the review cannot read; needs at least ${minimum}`;
    }
    const { days, unset } = retention;
    return days >= minimum
      ? undefined
      : `${label(db)} keeps backups ${days} ${days === 1 ? 'day' : 'days'}${unset ? ' (backup_retention_period unset: RDS keeps 1 day by default)' : ''}; needs at least ${minimum}`;
  },
});

/**
 * An instance made from a source DB, snapshot, point in time or S3 backup is created by another call than
 * CreateDBInstance (CreateDBInstanceReadReplica, RestoreDBInstanceFromDBSnapshot, …), whose retention, unset, is
 * not CreateDBInstance's default.
 */
const NOT_CREATED_BY_CREATE_DB_INSTANCE = [
  'replicate_source_db',
  'snapshot_identifier',
  'restore_to_point_in_time',
  's3_import',
];

/**
 * Unset, `backup_retention_period` is not sent to RDS, which then keeps automated backups 1 day (CreateDBInstance,
 * BackupRetentionPeriod "Default: 1": https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html).
 * The provider plans it as unknown until apply, so a plan shows it unset too. Undefined for a value RDS would not
 * take as a number of days (an expression known only at apply, text).
 */
function backupRetention(value: unknown): { days: number; unset: boolean } | undefined {
  if (value === undefined || value === null || value === '') return { days: 1, unset: true };
  const days =
    typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(days) ? { days, unset: false } : undefined;
}
