import { customerManagedKeyProblem, isCustomerManagedKey } from '../model/kms-keys';
import { isProduction, label, referencedResources } from '../model/lookup';
import { blocksAt, describeBoolean, isSet, readBoolean } from '../model/values';
import { perResource, type Rule } from './rule';

const INSTANCE = ['aws_db_instance'];
/** Where the storage is: a DB instance, or an Aurora / Multi-AZ cluster (its instances keep no storage of their own). */
const STORAGE = ['aws_db_instance', 'aws_rds_cluster'];
/** What has an endpoint that may be public: a DB instance, an Aurora cluster's instances, a Multi-AZ DB cluster. */
const ENDPOINT = ['aws_db_instance', 'aws_rds_cluster_instance', 'aws_rds_cluster'];
/** CAs AWS documents as current (the 2015/2019 CAs are retired). */
export const CURRENT_RDS_CAS = ['rds-ca-rsa2048-g1', 'rds-ca-rsa4096-g1', 'rds-ca-ecc384-g1'];

export const rdsRules: Rule[] = [
  perResource({
    id: 'rds-encrypted-with-cmk',
    checkovId: 'CKV_AWS_16',
    trivyId: 'AWS-0080',
    title: 'RDS storage is encrypted with a customer-managed KMS key',
    appliesTo: STORAGE,
    problem: (db, model) =>
      readBoolean(db.values['storage_encrypted']) !== true
        ? `${label(db)} has ${describeBoolean('storage_encrypted', db.values['storage_encrypted'])}`
        : !isCustomerManagedKey(db.values['kms_key_id'], model)
          ? `${label(db)} is encrypted with the AWS-managed key, not a CMK (${customerManagedKeyProblem(db.values['kms_key_id'], 'kms_key_id', model)})`
          : undefined,
  }),
  perResource({
    id: 'rds-not-public',
    critical: true,
    checkovId: 'CKV_AWS_17',
    title: 'RDS instance is not publicly accessible',
    appliesTo: ENDPOINT,
    problem: (db) => {
      const reading = readBoolean(db.values['publicly_accessible']);
      if (reading === true) return `${label(db)} is publicly_accessible`;
      return reading === 'unknown'
        ? `${label(db)} has ${describeBoolean('publicly_accessible', db.values['publicly_accessible'])}: it may be public`
        : undefined;
    },
  }),
  perResource({
    id: 'rds-multi-az-in-prod',
    checkovId: 'CKV_AWS_157',
    title: 'RDS instance is Multi-AZ (prod)',
    appliesTo: INSTANCE,
    productionOnly: true,
    problem: (db) =>
      readBoolean(db.values['multi_az']) !== true ? `${label(db)} is not multi_az in production` : undefined,
  }),
  perResource({
    id: 'rds-log-exports',
    checkovId: 'CKV_AWS_129',
    title: 'RDS instance exports its logs to CloudWatch',
    appliesTo: INSTANCE,
    problem: (db) =>
      isSet(db.values['enabled_cloudwatch_logs_exports'])
        ? undefined
        : `${label(db)} exports no logs (enabled_cloudwatch_logs_exports)`,
  }),
  perResource({
    id: 'rds-backup-retention',
    checkovId: 'CKV_AWS_133',
    title: 'RDS backups are kept (at least 7 days in prod)',
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
  }),
  perResource({
    id: 'rds-deletion-protection-in-prod',
    checkovId: 'CKV_AWS_293',
    title: 'RDS instance has deletion protection (prod)',
    appliesTo: INSTANCE,
    productionOnly: true,
    problem: (db) =>
      readBoolean(db.values['deletion_protection']) === true
        ? undefined
        : `${label(db)} has no deletion_protection in production`,
  }),
  perResource({
    id: 'rds-performance-insights-with-cmk',
    checkovId: 'CKV_AWS_353, CKV_AWS_354',
    title: 'Performance Insights is on and encrypted with a CMK',
    appliesTo: INSTANCE,
    problem: (db, model) =>
      readBoolean(db.values['performance_insights_enabled']) !== true
        ? `${label(db)} has performance_insights_enabled off`
        : !isCustomerManagedKey(db.values['performance_insights_kms_key_id'], model)
          ? `${label(db)} encrypts Performance Insights with the AWS-managed key (${customerManagedKeyProblem(db.values['performance_insights_kms_key_id'], 'performance_insights_kms_key_id', model)})`
          : undefined,
  }),
  perResource({
    id: 'rds-auto-minor-upgrades',
    checkovId: 'CKV_AWS_226',
    title: 'RDS minor engine upgrades are automatic',
    appliesTo: INSTANCE,
    problem: (db) =>
      readBoolean(db.values['auto_minor_version_upgrade']) === false
        ? `${label(db)} turns auto_minor_version_upgrade off`
        : undefined,
  }),
  perResource({
    id: 'rds-current-ca',
    checkovId: 'CKV_AWS_211',
    title: `RDS instance pins a current CA (${CURRENT_RDS_CAS.join(', ')})`,
    appliesTo: INSTANCE,
    problem: (db) => {
      const ca = db.values['ca_cert_identifier'];
      return typeof ca === 'string' && CURRENT_RDS_CAS.includes(ca)
        ? undefined
        : `${label(db)} has ca_cert_identifier=${String(ca ?? 'unset')}`;
    },
  }),
  perResource({
    id: 'rds-copy-tags-to-snapshot',
    checkovId: 'CKV2_AWS_60',
    title: 'RDS instance copies tags to snapshots',
    appliesTo: INSTANCE,
    problem: (db) =>
      readBoolean(db.values['copy_tags_to_snapshot']) === true
        ? undefined
        : `${label(db)} does not copy_tags_to_snapshot`,
  }),
  perResource({
    id: 'rds-require-secure-transport',
    checkovId: 'CKV2_AWS_69',
    title: 'RDS parameter group sets require_secure_transport=1',
    appliesTo: INSTANCE,
    problem: (db, model) => {
      const [group] = referencedResources(model, db.values['parameter_group_name'], 'aws_db_parameter_group');
      if (!group) return `${label(db)} does not use a parameter group from this stack`;
      const setting = blocksAt(group.values, 'parameter').find(
        (parameter) => parameter['name'] === 'require_secure_transport',
      );
      const value = String(setting?.['value'] ?? 'unset').toUpperCase();
      return value === '1' || value === 'ON' ? undefined : `${label(group)} has require_secure_transport=${value}`;
    },
  }),
  perResource({
    id: 'rds-master-password-managed',
    title: 'The master password is generated and kept by RDS in Secrets Manager, under a customer-managed KMS key',
    appliesTo: INSTANCE,
    problem: (db) =>
      isSet(db.values['password']) || isSet(db.values['password_wo'])
        ? `${label(db)} sets the master password in code/state`
        : readBoolean(db.values['manage_master_user_password']) !== true
          ? `${label(db)} does not set manage_master_user_password=true`
          : // Unset, RDS keeps the master secret under aws/secretsmanager, which every principal of the account may use.
            isCustomerManagedKey(db.values['master_user_secret_kms_key_id'])
            ? undefined
            : `${label(db)} keeps its master secret under the AWS-managed key, not a CMK (${customerManagedKeyProblem(db.values['master_user_secret_kms_key_id'], 'master_user_secret_kms_key_id')})`,
  }),
];

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
