import { liveResources } from '../../model/lookup';
import type { Resource, ReviewModel } from '../../model/types';
import { blocksAt, isExpression, readBoolean, referencesResource, valueAt } from '../../model/values';

/** What the S3 bucket rules share: how a bucket is named, closed to the public and versioned. */

export const BUCKET = ['aws_s3_bucket'];

/** The four settings of a public access block; all four must be true (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html). */
export const PUBLIC_ACCESS_BLOCK_SETTINGS = [
  'block_public_acls',
  'block_public_policy',
  'ignore_public_acls',
  'restrict_public_buckets',
];

export function allTrue(resource: Resource, settings: readonly string[]): boolean {
  return settings.every((setting) => readBoolean(resource.values[setting]) === true);
}

/** An account-wide public access block covers every bucket of the account. */
export function accountBlocksPublicAccess(model: ReviewModel): boolean {
  return liveResources(model, 'aws_s3_account_public_access_block').some((block) =>
    allTrue(block, PUBLIC_ACCESS_BLOCK_SETTINGS),
  );
}

/** A `bucket` attribute names the bucket by reference (`${aws_s3_bucket.x.id}`) or, in a plan, by its known name. */
export function namesBucket(value: unknown, bucket: Resource): boolean {
  if (referencesResource(value, bucket.address)) return true;
  const name = bucket.values['bucket'];
  return typeof value === 'string' && !isExpression(value) && typeof name === 'string' && value === name;
}

export function isVersioned(model: ReviewModel, bucket: Resource): boolean {
  // The legacy inline block (`versioning { enabled = true }`) and the separate resource (provider 4+).
  if (blocksAt(bucket.values, 'versioning').some((block) => readBoolean(block['enabled']) === true)) return true;
  return liveResources(model, 'aws_s3_bucket_versioning').some(
    (versioning) =>
      namesBucket(versioning.values['bucket'], bucket) &&
      valueAt(versioning.values, 'versioning_configuration.status') === 'Enabled',
  );
}
