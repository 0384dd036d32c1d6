import { isProduction, label, liveResources } from '../model/lookup';
import type { Resource, ReviewModel } from '../model/types';
import {
  blocksAt,
  describeBoolean,
  isExpression,
  isSet,
  readBoolean,
  referencesResource,
  valueAt,
} from '../model/values';
import { perResource, type Rule } from './rule';

/**
 * Data that cannot be read by the wrong people or lost by one bad apply: no SQL text in the proxy's logs, a recovery
 * window on secrets and keys, S3 buckets closed to the public and versioned, and prod databases that leave a final
 * snapshot and their automated backups behind when deleted.
 */

const BUCKET = ['aws_s3_bucket'];
/** The four settings of a public access block; all four must be true (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html). */
const PUBLIC_ACCESS_BLOCK_SETTINGS = [
  'block_public_acls',
  'block_public_policy',
  'ignore_public_acls',
  'restrict_public_buckets',
];
/** KMS waits 7 to 30 days before deleting a key (30 when unset); prod keeps the longest window to notice a mistake. */
const KMS_DELETION_WINDOW_DAYS = { minimum: 7, production: 30, unset: 30 };

export const dataProtectionRules: Rule[] = [
  perResource({
    id: 'proxy-no-debug-logging',
    severity: 'high',
    peers: { checkov: [], trivy: [] },
    title: 'RDS Proxy debug logging is off (it logs SQL statements with their values)',
    appliesTo: ['aws_db_proxy'],
    problem: (proxy) => {
      const reading = readBoolean(proxy.values['debug_logging']);
      if (reading === true)
        return `${label(proxy)} has debug_logging=true: the proxy logs the text of every SQL statement`;
      return reading === 'unknown'
        ? `${label(proxy)} has ${describeBoolean('debug_logging', proxy.values['debug_logging'])}: it may log every SQL statement`
        : undefined;
    },
  }),
  perResource({
    id: 'secret-recovery-window',
    severity: 'high',
    peers: { checkov: [], trivy: [] },
    title: 'Secrets keep a recovery window when deleted (recovery_window_in_days is not 0)',
    appliesTo: ['aws_secretsmanager_secret'],
    problem: (secret) =>
      Number(secret.values['recovery_window_in_days'] ?? 30) === 0
        ? `${label(secret)} has recovery_window_in_days=0: a delete destroys the secret at once, with no way back`
        : undefined,
  }),
  perResource({
    id: 'kms-key-deletion-window',
    severity: 'high',
    peers: { checkov: [], trivy: [] },
    title: `KMS keys wait before deletion (deletion_window_in_days >= ${KMS_DELETION_WINDOW_DAYS.production} in prod)`,
    appliesTo: ['aws_kms_key'],
    problem: (key, model) => {
      const days = key.values['deletion_window_in_days'] ?? KMS_DELETION_WINDOW_DAYS.unset;
      const minimum = isProduction(model) ? KMS_DELETION_WINDOW_DAYS.production : KMS_DELETION_WINDOW_DAYS.minimum;
      return typeof days === 'number' && days >= minimum
        ? undefined
        : `${label(key)} has deletion_window_in_days=${String(days)}; needs at least ${minimum} (data it encrypts is lost with it)`;
    },
  }),
  perResource({
    id: 's3-bucket-public-access-blocked',
    severity: 'high',
    peers: { checkov: ['CKV2_AWS_6'], trivy: ['AWS-0094'] },
    title: 'Every S3 bucket has a public access block with all four settings true',
    appliesTo: BUCKET,
    problem: (bucket, model) => {
      if (accountBlocksPublicAccess(model)) return undefined;
      const blocks = liveResources(model, 'aws_s3_bucket_public_access_block').filter((block) =>
        namesBucket(block.values['bucket'], bucket),
      );
      if (blocks.length === 0) return `${label(bucket)} has no aws_s3_bucket_public_access_block`;
      const off = PUBLIC_ACCESS_BLOCK_SETTINGS.filter((setting) => !blocks.some((block) => allTrue(block, [setting])));
      return off.length ? `${label(bucket)} has a public access block with ${off.join(', ')} not true` : undefined;
    },
  }),
  perResource({
    id: 's3-bucket-versioned-no-force-destroy',
    severity: 'high',
    peers: { checkov: ['CKV_AWS_21'], trivy: ['AWS-0090'] },
    title: 'S3 buckets are versioned and not force_destroy (a bad write or a destroy can be undone)',
    appliesTo: BUCKET,
    problem: (bucket, model) => {
      if (readBoolean(bucket.values['force_destroy']) === true)
        return `${label(bucket)} has force_destroy=true: a destroy deletes every object in it`;
      return isVersioned(model, bucket) ? undefined : `${label(bucket)} is not versioned (aws_s3_bucket_versioning)`;
    },
  }),
  perResource({
    id: 'rds-final-snapshot-in-prod',
    severity: 'high',
    peers: { checkov: [], trivy: [] },
    title: 'Prod databases take a final snapshot when deleted',
    appliesTo: ['aws_db_instance', 'aws_rds_cluster'],
    productionOnly: true,
    problem: (db) =>
      readBoolean(db.values['skip_final_snapshot']) === true
        ? `${label(db)} has skip_final_snapshot=true in production`
        : !isSet(db.values['final_snapshot_identifier'])
          ? `${label(db)} has no final_snapshot_identifier in production`
          : undefined,
  }),
  perResource({
    id: 'rds-keeps-automated-backups-in-prod',
    severity: 'high',
    peers: { checkov: [], trivy: [] },
    title: 'Prod DB instances keep their automated backups when deleted (delete_automated_backups=false)',
    appliesTo: ['aws_db_instance'],
    productionOnly: true,
    // The provider's default is true: deleting the instance deletes its point-in-time backups with it.
    problem: (db) =>
      readBoolean(db.values['delete_automated_backups']) === false
        ? undefined
        : `${label(db)} has delete_automated_backups=${String(db.values['delete_automated_backups'] ?? 'unset (true)')} in production`,
  }),
];

function allTrue(resource: Resource, settings: readonly string[]): boolean {
  return settings.every((setting) => readBoolean(resource.values[setting]) === true);
}

/** An account-wide public access block covers every bucket of the account. */
function accountBlocksPublicAccess(model: ReviewModel): boolean {
  return liveResources(model, 'aws_s3_account_public_access_block').some((block) =>
    allTrue(block, PUBLIC_ACCESS_BLOCK_SETTINGS),
  );
}

/** A `bucket` attribute names the bucket by reference (`${aws_s3_bucket.x.id}`) or, in a plan, by its known name. */
function namesBucket(value: unknown, bucket: Resource): boolean {
  if (referencesResource(value, bucket.address)) return true;
  const name = bucket.values['bucket'];
  return typeof value === 'string' && !isExpression(value) && typeof name === 'string' && value === name;
}

function isVersioned(model: ReviewModel, bucket: Resource): boolean {
  // The legacy inline block (`versioning { enabled = true }`) and the separate resource (provider 4+).
  if (blocksAt(bucket.values, 'versioning').some((block) => readBoolean(block['enabled']) === true)) return true;
  return liveResources(model, 'aws_s3_bucket_versioning').some(
    (versioning) =>
      namesBucket(versioning.values['bucket'], bucket) &&
      valueAt(versioning.values, 'versioning_configuration.status') === 'Enabled',
  );
}
