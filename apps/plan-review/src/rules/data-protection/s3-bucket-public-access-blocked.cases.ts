import { defineCases } from '../../testing/cases';
import { addSynthResource } from '../../testing/fixtures';
import { addSafeBucket, ALL_BLOCKED, blockOf } from './fixture-edits';
import { s3BucketPublicAccessBlocked } from './s3-bucket-public-access-blocked';

export default defineCases({
  rule: s3BucketPublicAccessBlocked,
  // The fixture has no bucket: add one closed to the public and versioned, as the state bucket is.
  setup: (s) => addSafeBucket(s),
  failing: [
    { variant: 'no public access block', change: (s) => delete s.resource.aws_s3_bucket_public_access_block },
    {
      variant: 'a public access block with restrict_public_buckets=false',
      change: (s) => (blockOf(s).restrict_public_buckets = false),
    },
    {
      variant: 'a second bucket whose public access block names the first bucket',
      change: (s) => addSynthResource(s, 'aws_s3_bucket', 'exports', { bucket: 'rds-platform-dev-exports' }),
    },
    {
      variant: 'an account-wide public access block that leaves block_public_policy off',
      change: (s) => {
        delete s.resource.aws_s3_bucket_public_access_block;
        addSynthResource(s, 'aws_s3_account_public_access_block', 'account', {
          ...ALL_BLOCKED,
          block_public_policy: false,
        });
      },
    },
  ],
  passing: [
    {
      variant: 'an account-wide public access block instead of one per bucket',
      change: (s) => {
        delete s.resource.aws_s3_bucket_public_access_block;
        addSynthResource(s, 'aws_s3_account_public_access_block', 'account', ALL_BLOCKED);
      },
    },
    {
      variant: 'a block naming its bucket by the literal name (as a plan shows known names)',
      change: (s) => (blockOf(s).bucket = 'rds-platform-dev-logs'),
    },
  ],
});
