import { defineCases } from '../../testing/cases';
import { addSafeBucket, bucketOf, versioningOf } from './fixture-edits';
import { s3BucketVersionedNoForceDestroy } from './s3-bucket-versioned-no-force-destroy';

export default defineCases({
  rule: s3BucketVersionedNoForceDestroy,
  // The fixture has no bucket: add one closed to the public and versioned, as the state bucket is.
  setup: (s) => addSafeBucket(s),
  failing: [
    { variant: 'force_destroy=true', change: (s) => (bucketOf(s).force_destroy = true) },
    { variant: 'versioning Suspended', change: (s) => (versioningOf(s).versioning_configuration.status = 'Suspended') },
    { variant: 'no versioning at all', change: (s) => delete s.resource.aws_s3_bucket_versioning },
  ],
  passing: [
    {
      variant: 'the legacy inline versioning block, force_destroy=false',
      change: (s) => {
        delete s.resource.aws_s3_bucket_versioning;
        Object.assign(bucketOf(s), { force_destroy: false, versioning: { enabled: true } });
      },
    },
  ],
});
