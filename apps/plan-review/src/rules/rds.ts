import { customerManagedKeyProblem, isCustomerManagedKey } from '../model/kms-keys';
import { isProduction, label, referencedResources } from '../model/lookup';
import { blocksAt, describeBoolean, isExpression, isSet, readBoolean } from '../model/values';
import { perResource, type Rule } from './rule';

const INSTANCE = ['aws_db_instance'];
/** Where the storage is: a DB instance, or an Aurora / Multi-AZ cluster (its instances keep no storage of their own). */
const STORAGE = ['aws_db_instance', 'aws_rds_cluster'];
/** What has an endpoint that may be public: a DB instance, an Aurora cluster's instances, a Multi-AZ DB cluster. */
const ENDPOINT = ['aws_db_instance', 'aws_rds_cluster_instance', 'aws_rds_cluster'];
/** CAs AWS documents as current (the 2015/2019 CAs are retired). */
export const CURRENT_RDS_CAS = ['rds-ca-rsa2048-g1', 'rds-ca-rsa4096-g1', 'rds-ca-ecc384-g1'];

/** Where RDS for MySQL lists each major version's end of standard support ("Supported MySQL major versions"). */
const MYSQL_RELEASE_CALENDAR =
  'https://docs.aws.amazon.com/AmazonRDS/latest/MySQLReleaseNotes/mysql-release-calendar.html';

/**
 * The last day of RDS standard support of every engine major version the review knows, by engine, each with the AWS
 * page it comes from. Past it, RDS keeps the instance running on paid Extended Support, or upgrades it if it opted out
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/extended-support.html). A major version or engine not
 * listed fails: add it here with its date from its engine's release calendar.
 *
 * What was confirmed when this table was written (2026-12-07), against the AWS documentation at hand: 5.7's date,
 * which the Extended Support page gives as its example ("the RDS end of standard support date for RDS for MySQL
 * version 5.7 is February 29, 2024"). Not confirmed from AWS itself: the calendar's table could not be read. 8.0's
 * 2026-07-31 is the date apps/infra/src/config/engine-version.ts states from that calendar (a third party, an issue of
 * buttonmen-dev/buttonmen, gives the same); 8.4's 2029-07-31 is the calendar's as issue 19 quotes it. Check both
 * against the calendar when touching this table. MariaDB's and PostgreSQL's calendars were not sourced: an instance of
 * either fails as an unknown engine until their dates are added.
 */
export const RDS_STANDARD_SUPPORT_ENDS: Readonly<
  Record<string, Readonly<Record<string, { readonly ends: string; readonly source: string }>>>
> = {
  mysql: {
    '5.7': { ends: '2024-02-29', source: MYSQL_RELEASE_CALENDAR },
    '8.0': { ends: '2026-07-31', source: MYSQL_RELEASE_CALENDAR },
    '8.4': { ends: '2029-07-31', source: MYSQL_RELEASE_CALENDAR },
  },
};

/**
 * The reviewed opt-in to paid Extended Support: the only `engine_lifecycle_support` a version past standard support
 * passes with.
 */
export const EXTENDED_SUPPORT_OPT_IN = 'open-source-rds-extended-support';
const OPT_OUT = 'open-source-rds-extended-support-disabled';

/**
 * Why a DB instance's (or Multi-AZ DB cluster's) engine version is past RDS standard support on `today`
 * (`YYYY-MM-DD`) without the reviewed opt-in, or undefined when it is fine. Unset, `engine_version` is RDS's default
 * for the engine, a current version: it passes.
 */
export function engineSupportProblem(values: Record<string, unknown>, today: string): string | undefined {
  const { engine, engine_version: version, engine_lifecycle_support: lifecycle } = values;
  if (typeof engine !== 'string' || engine === '' || isExpression(engine)) {
    return `has an engine the review cannot read (${String(engine ?? 'unset')}), so not its RDS standard support dates`;
  }
  const majors = Object.hasOwn(RDS_STANDARD_SUPPORT_ENDS, engine) ? RDS_STANDARD_SUPPORT_ENDS[engine] : undefined;
  if (!majors) {
    return `runs ${engine}, an engine the review has no RDS standard support dates for: add its major versions to RDS_STANDARD_SUPPORT_ENDS in apps/plan-review/src/rules/rds.ts with their dates from its release calendar`;
  }
  if (version === undefined || version === null || version === '') return undefined;
  const major = majorVersion(version);
  if (!major) return `has an engine_version the review cannot read (${String(version)})`;
  const support = Object.hasOwn(majors, major) ? majors[major] : undefined;
  if (!support) {
    return `runs ${engine} ${major}, a major version the review has no dates for: add it to RDS_STANDARD_SUPPORT_ENDS in apps/plan-review/src/rules/rds.ts with its end of standard support from ${Object.values(majors)[0].source}`;
  }
  if (today <= support.ends || lifecycle === EXTENDED_SUPPORT_OPT_IN) return undefined;
  const past = `runs ${engine} ${major}, whose RDS standard support ended on ${support.ends} (${support.source})`;
  const fix = `upgrade engine_version to a major version in standard support, or set engine_lifecycle_support = "${EXTENDED_SUPPORT_OPT_IN}" to accept the Extended Support charge as a reviewed choice`;
  if (lifecycle === undefined || lifecycle === null || lifecycle === '') {
    return `${past}, and sets no engine_lifecycle_support: RDS enrolls it in paid Extended Support automatically; ${fix}`;
  }
  if (lifecycle === OPT_OUT) {
    // Opted out past standard support, creating the instance fails (CreateDBInstance, EngineLifecycleSupport:
    // https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html), and RDS upgrades an
    // existing one to the next major version itself, at a time RDS chooses (extended-support.html): an
    // unplanned major upgrade. The infra refuses the combination too (apps/infra/src/config/engine-version.ts).
    return `${past}, and opts out of Extended Support (engine_lifecycle_support = "${OPT_OUT}"): RDS refuses to create it, and upgrades an existing one to the next major version at a time RDS chooses; ${fix}`;
  }
  return isExpression(lifecycle)
    ? `${past}, and sets engine_lifecycle_support to ${String(lifecycle)}, which the review cannot read; ${fix}`
    : `${past}, and sets engine_lifecycle_support = "${String(lifecycle)}", not the opt-in; ${fix}`;
}

/** `8.0` of `8.0.39` or `8.0`; undefined for anything else (an expression, `8`). */
function majorVersion(version: unknown): string | undefined {
  return typeof version === 'string' ? /^(\d+\.\d+)(?:\.\d+)?$/.exec(version)?.[1] : undefined;
}

/**
 * Whether RDS bills Extended Support for a DB instance on `today`: its engine's major version is past the end of
 * standard support and it did not opt out (it opted in, or left engine_lifecycle_support unset and RDS enrolled it:
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/extended-support.html). A version the table has no date for
 * is not billed here; rds-engine-in-standard-support fails it.
 */
export function extendedSupportBilled(values: Record<string, unknown>, today: string): boolean {
  const { engine, engine_version: version, engine_lifecycle_support: lifecycle } = values;
  const major = majorVersion(version);
  if (typeof engine !== 'string' || !major || lifecycle === OPT_OUT) return false;
  const majors = Object.hasOwn(RDS_STANDARD_SUPPORT_ENDS, engine) ? RDS_STANDARD_SUPPORT_ENDS[engine] : {};
  return Object.hasOwn(majors, major) && today > majors[major].ends;
}

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
    id: 'rds-engine-in-standard-support',
    title:
      'RDS engine versions are in standard support, or past it with the explicit opt-in to Extended Support ' +
      `(engine_lifecycle_support = ${EXTENDED_SUPPORT_OPT_IN})`,
    appliesTo: STORAGE,
    problem: (db, _model, { today }) => {
      const problem = engineSupportProblem(db.values, today);
      return problem && `${label(db)} ${problem}`;
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
