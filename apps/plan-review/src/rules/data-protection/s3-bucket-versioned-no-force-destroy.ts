import { label } from '../../model/lookup';
import { readBoolean } from '../../model/values';
import { defineResourceRule } from '../rule';
import { BUCKET, isVersioned } from './s3-buckets';

export const s3BucketVersionedNoForceDestroy = defineResourceRule({
  id: 's3-bucket-versioned-no-force-destroy',
  severity: 'medium',
  peers: { checkov: ['CKV_AWS_21'], trivy: ['AWS-0090'] },
  differences: [
    {
      peer: 'checkov',
      id: 'CKV_AWS_21',
      difference:
        'checkov accepts a versioned bucket with force_destroy=true; we refuse it, since a destroy then deletes every ' +
        'object and every version with the bucket, which versioning was there to keep.',
    },
    {
      peer: 'trivy',
      id: 'AWS-0090',
      difference:
        'trivy accepts a versioned bucket with force_destroy=true; we refuse it, since a destroy then deletes every ' +
        'object and every version with the bucket, which versioning was there to keep.',
    },
  ],
  title: 'S3 buckets are versioned and not force_destroy (a bad write or a destroy can be undone)',
  description:
    'With versioning enabled, S3 keeps every version of every object: an overwrite or a delete leaves the previous ' +
    'version, which can be made current again. Versioning is on when the bucket has an `aws_s3_bucket_versioning` ' +
    'with status `Enabled` (or the legacy inline `versioning { enabled = true }`); `Suspended` keeps no new versions. ' +
    "S3 refuses to delete a bucket that still holds objects, but the provider's `force_destroy = true` deletes every " +
    'object and version first, so one destroy of the bucket loses all of it.',
  remediation:
    'Add an `aws_s3_bucket_versioning` for the bucket with `versioning_configuration { status = "Enabled" }`, and ' +
    'leave `force_destroy` unset or `false`.',
  docs: [
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html',
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/RestoringPreviousVersions.html',
    'https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/s3_bucket_versioning',
    'https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/s3_bucket',
  ],
  appliesTo: BUCKET,
  problem: (bucket, model) => {
    if (readBoolean(bucket.values['force_destroy']) === true)
      return `${label(bucket)} has force_destroy=true: a destroy deletes every object in it`;
    return isVersioned(model, bucket) ? undefined : `${label(bucket)} is not versioned (aws_s3_bucket_versioning)`;
  },
});
