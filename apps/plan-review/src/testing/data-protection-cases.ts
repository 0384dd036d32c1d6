import { addSynthResource, synthResource, type SynthJson } from './fixtures';
import type { RuleCase } from './rule-cases';

/** Cases of the data-protection rules (rules/data-protection.ts) and of AWS-managed keys in the CMK rules. */

const ACCOUNT_ALIAS_ARN = (alias: string) => `arn:aws:kms:ap-northeast-2:123456789012:alias/${alias}`;
const db = (synth: SynthJson) => synthResource(synth, 'aws_db_instance');
const bucketOf = (synth: SynthJson) => synthResource(synth, 'aws_s3_bucket', 'dev/logs');
const blockOf = (synth: SynthJson) => synthResource(synth, 'aws_s3_bucket_public_access_block', 'dev/logs-block');
const versioningOf = (synth: SynthJson) => synthResource(synth, 'aws_s3_bucket_versioning', 'dev/logs-versioning');

const ALL_BLOCKED = {
  block_public_acls: true,
  block_public_policy: true,
  ignore_public_acls: true,
  restrict_public_buckets: true,
};

/** Our fixture stack has no bucket: this one is closed to the public and versioned, as the state bucket is. */
export function addSafeBucket(synth: SynthJson, name = 'logs'): void {
  addSynthResource(synth, 'aws_s3_bucket', name, { bucket: `rds-platform-dev-${name}` });
  addSynthResource(synth, 'aws_s3_bucket_public_access_block', `${name}-block`, {
    bucket: `\${aws_s3_bucket.${name}.id}`,
    ...ALL_BLOCKED,
  });
  addSynthResource(synth, 'aws_s3_bucket_versioning', `${name}-versioning`, {
    bucket: `\${aws_s3_bucket.${name}.id}`,
    versioning_configuration: { status: 'Enabled' },
  });
}

const protectProdDatabase = (synth: SynthJson) =>
  Object.assign(db(synth), {
    deletion_protection: true,
    skip_final_snapshot: false,
    final_snapshot_identifier: 'rds-platform-prod-mysql-final',
    delete_automated_backups: false,
  });

export const DATA_PROTECTION_RULE_CASES: RuleCase[] = [
  {
    rule: 'proxy-no-debug-logging',
    breakIt: (s) => (synthResource(s, 'aws_db_proxy').debug_logging = true),
  },
  {
    rule: 'secret-recovery-window',
    breakIt: (s) => (synthResource(s, 'aws_secretsmanager_secret').recovery_window_in_days = 0),
  },
  {
    rule: 'kms-key-deletion-window',
    environment: 'prod',
    breakIt: (s) => (synthResource(s, 'aws_kms_key', 'kms/database').deletion_window_in_days = 7),
  },
  {
    rule: 's3-bucket-public-access-blocked',
    breakIt: (s) => delete s.resource.aws_s3_bucket_public_access_block,
  },
  {
    rule: 's3-bucket-versioned-no-force-destroy',
    breakIt: (s) => (bucketOf(s).force_destroy = true),
  },
  {
    rule: 'rds-final-snapshot-in-prod',
    environment: 'prod',
    breakIt: (s) => Object.assign(db(s), { skip_final_snapshot: true, final_snapshot_identifier: undefined }),
  },
  {
    rule: 'rds-keeps-automated-backups-in-prod',
    environment: 'prod',
    breakIt: (s) => delete db(s).delete_automated_backups,
  },
];

export const DATA_PROTECTION_PASSING_SETUP: Record<string, (synth: SynthJson) => void> = {
  's3-bucket-public-access-blocked': (s) => addSafeBucket(s),
  's3-bucket-versioned-no-force-destroy': (s) => addSafeBucket(s),
  'rds-final-snapshot-in-prod': protectProdDatabase,
  'rds-keeps-automated-backups-in-prod': protectProdDatabase,
};

/** Each fails its rule on the fixture as it is (environment dev). */
export const DATA_PROTECTION_LEAK_CASES: RuleCase[] = [
  {
    rule: 'rds-encrypted-with-cmk',
    variant: 'kms_key_id = alias/aws/rds (the AWS-managed key, not a CMK)',
    breakIt: (s) => (db(s).kms_key_id = 'alias/aws/rds'),
  },
  {
    rule: 'rds-encrypted-with-cmk',
    variant: 'the ARN of alias/aws/rds',
    breakIt: (s) => (db(s).kms_key_id = ACCOUNT_ALIAS_ARN('aws/rds')),
  },
  {
    rule: 'rds-performance-insights-with-cmk',
    variant: 'performance_insights_kms_key_id = alias/aws/rds',
    breakIt: (s) => (db(s).performance_insights_kms_key_id = 'alias/aws/rds'),
  },
  {
    rule: 'secret-encrypted-with-cmk',
    variant: 'kms_key_id = alias/aws/secretsmanager',
    breakIt: (s) => (synthResource(s, 'aws_secretsmanager_secret').kms_key_id = 'alias/aws/secretsmanager'),
  },
  {
    rule: 'log-group-encrypted-with-cmk',
    variant: 'the ARN of an AWS-managed alias',
    breakIt: (s) =>
      (synthResource(s, 'aws_cloudwatch_log_group', 'http-api/access-logs').kms_key_id = ACCOUNT_ALIAS_ARN('aws/logs')),
  },
  {
    rule: 'lambda-environment-cmk',
    variant: 'kms_key_arn = the ARN of alias/aws/lambda',
    breakIt: (s) =>
      (synthResource(s, 'aws_lambda_function', 'api-function/function').kms_key_arn = ACCOUNT_ALIAS_ARN('aws/lambda')),
  },
  {
    rule: 's3-bucket-public-access-blocked',
    variant: 'a public access block with restrict_public_buckets=false',
    breakIt: (s) => {
      addSafeBucket(s);
      blockOf(s).restrict_public_buckets = false;
    },
  },
  {
    rule: 's3-bucket-public-access-blocked',
    variant: 'a second bucket whose public access block names the first bucket',
    breakIt: (s) => {
      addSafeBucket(s);
      addSynthResource(s, 'aws_s3_bucket', 'exports', { bucket: 'rds-platform-dev-exports' });
    },
  },
  {
    rule: 's3-bucket-public-access-blocked',
    variant: 'an account-wide public access block that leaves block_public_policy off',
    breakIt: (s) => {
      addSafeBucket(s);
      delete s.resource.aws_s3_bucket_public_access_block;
      addSynthResource(s, 'aws_s3_account_public_access_block', 'account', {
        ...ALL_BLOCKED,
        block_public_policy: false,
      });
    },
  },
  {
    rule: 's3-bucket-versioned-no-force-destroy',
    variant: 'versioning Suspended',
    breakIt: (s) => {
      addSafeBucket(s);
      versioningOf(s).versioning_configuration.status = 'Suspended';
    },
  },
  {
    rule: 's3-bucket-versioned-no-force-destroy',
    variant: 'no versioning at all',
    breakIt: (s) => {
      addSafeBucket(s);
      delete s.resource.aws_s3_bucket_versioning;
    },
  },
];

/** Each still passes its rule (environment dev). */
export const DATA_PROTECTION_SAFE_CASES: RuleCase[] = [
  {
    rule: 'rds-encrypted-with-cmk',
    variant: 'a customer alias whose name starts with "aws" (alias/aws-backup-db is not alias/aws/...)',
    breakIt: (s) => (db(s).kms_key_id = ACCOUNT_ALIAS_ARN('aws-backup-db')),
  },
  {
    rule: 'proxy-no-debug-logging',
    variant: 'debug_logging=false set explicitly',
    breakIt: (s) => (synthResource(s, 'aws_db_proxy').debug_logging = false),
  },
  {
    rule: 'secret-recovery-window',
    variant: 'the shortest window Secrets Manager allows (7 days)',
    breakIt: (s) => (synthResource(s, 'aws_secretsmanager_secret').recovery_window_in_days = 7),
  },
  {
    rule: 'kms-key-deletion-window',
    variant: 'the 7-day minimum outside prod',
    breakIt: (s) => (synthResource(s, 'aws_kms_key', 'kms/logs').deletion_window_in_days = 7),
  },
  {
    rule: 's3-bucket-public-access-blocked',
    variant: 'an account-wide public access block instead of one per bucket',
    breakIt: (s) => {
      addSafeBucket(s);
      delete s.resource.aws_s3_bucket_public_access_block;
      addSynthResource(s, 'aws_s3_account_public_access_block', 'account', ALL_BLOCKED);
    },
  },
  {
    rule: 's3-bucket-public-access-blocked',
    variant: 'a block naming its bucket by the literal name (as a plan shows known names)',
    breakIt: (s) => {
      addSafeBucket(s);
      blockOf(s).bucket = 'rds-platform-dev-logs';
    },
  },
  {
    rule: 's3-bucket-versioned-no-force-destroy',
    variant: 'the legacy inline versioning block, force_destroy=false',
    breakIt: (s) => {
      addSafeBucket(s);
      delete s.resource.aws_s3_bucket_versioning;
      Object.assign(bucketOf(s), { force_destroy: false, versioning: { enabled: true } });
    },
  },
];
