import { addSynthResource, synthResource, type SynthJson } from '../../testing/fixtures';

/** What the data-protection cases change in the fixture synth (testing/fixtures.ts). */

export const db = (synth: SynthJson) => synthResource(synth, 'aws_db_instance');
export const proxy = (synth: SynthJson) => synthResource(synth, 'aws_db_proxy');
export const bucketOf = (synth: SynthJson) => synthResource(synth, 'aws_s3_bucket', 'dev/logs');
export const blockOf = (synth: SynthJson) =>
  synthResource(synth, 'aws_s3_bucket_public_access_block', 'dev/logs-block');
export const versioningOf = (synth: SynthJson) =>
  synthResource(synth, 'aws_s3_bucket_versioning', 'dev/logs-versioning');

export const ALL_BLOCKED = {
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

/** The prod database as the stack writes it: a named final snapshot, automated backups kept. */
export const protectProdDatabase = (synth: SynthJson) =>
  Object.assign(db(synth), {
    deletion_protection: true,
    skip_final_snapshot: false,
    final_snapshot_identifier: 'rds-platform-prod-mysql-final',
    delete_automated_backups: false,
  });
