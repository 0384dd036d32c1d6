import { label, liveResources } from '../../model/lookup';
import { defineResourceRule } from '../rule';
import { accountBlocksPublicAccess, allTrue, BUCKET, namesBucket, PUBLIC_ACCESS_BLOCK_SETTINGS } from './s3-buckets';

export const s3BucketPublicAccessBlocked = defineResourceRule({
  id: 's3-bucket-public-access-blocked',
  severity: 'high',
  peers: { checkov: ['CKV2_AWS_6'], trivy: ['AWS-0094'] },
  differences: [
    {
      peer: 'checkov',
      id: 'CKV2_AWS_6',
      difference:
        'checkov accepts a block with only block_public_acls and block_public_policy true, and refuses a bucket ' +
        'covered only by an account-wide block; we require all four settings, since ignore_public_acls and ' +
        'restrict_public_buckets are what neuter ACLs and policies already public, and accept the account-wide block, ' +
        'which S3 applies to every bucket of the account.',
    },
    {
      peer: 'trivy',
      id: 'AWS-0094',
      difference:
        'trivy accepts any aws_s3_bucket_public_access_block for the bucket, whatever its settings (its own good ' +
        'example sets two of four); we require all four true, as a block with a setting off leaves that way to make ' +
        'the bucket public open.',
    },
  ],
  title: 'Every S3 bucket has a public access block with all four settings true',
  description:
    'S3 Block Public Access overrides the ACLs and bucket policies that would make a bucket or its objects public: ' +
    '`block_public_acls` and `block_public_policy` refuse new public ACLs and policies, `ignore_public_acls` makes S3 ' +
    'ignore public ACLs already there, and `restrict_public_buckets` limits a bucket with a public policy to AWS ' +
    'services and the owner account. Only all four together close every way a change could open the bucket. A block ' +
    'counts for a bucket when it names it (by reference, or by its known name in a plan); an account-wide ' +
    '`aws_s3_account_public_access_block` with all four true covers every bucket of the account.',
  remediation:
    'Add an `aws_s3_bucket_public_access_block` for the bucket with `block_public_acls`, `block_public_policy`, ' +
    '`ignore_public_acls` and `restrict_public_buckets` all `true`.',
  docs: [
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html',
    'https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/s3_bucket_public_access_block',
  ],
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
});
