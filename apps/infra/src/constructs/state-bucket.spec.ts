import { state } from '../config/state';
import { StateBucket } from './state-bucket';
import { synthesize } from '../testing/synth-json';

// The checked-in state settings, in another account.
const config = { ...state, accountId: '123456789012', tags: {} };

describe('StateBucket', () => {
  const synth = synthesize((scope) => new StateBucket(scope, 'state', config), config);

  it('names the bucket after the account and region, and refuses to be destroyed by Terraform', () => {
    expect(synth.only('aws_s3_bucket')).toMatchObject({
      bucket: 'rdsp-tfstate-123456789012-ap-northeast-2',
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
  });

  it('versions every object and blocks all public access', () => {
    expect(synth.only('aws_s3_bucket_versioning').versioning_configuration.status).toBe('Enabled');
    expect(synth.only('aws_s3_bucket_public_access_block')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  it('encrypts with its own rotating KMS key', () => {
    const [rule] = synth.only('aws_s3_bucket_server_side_encryption_configuration').rule;
    expect(rule.apply_server_side_encryption_by_default.sse_algorithm).toBe('aws:kms');
    expect(rule.apply_server_side_encryption_by_default.kms_master_key_id).toMatch(/aws_kms_key\..*\.arn/);
    expect(synth.only('aws_kms_key').enable_key_rotation).toBe(true);
    expect(synth.only('aws_kms_alias').name).toBe('alias/rdsp-tfstate');
    const keyPolicy = JSON.parse(synth.only('aws_kms_key').policy).Statement;
    expect(keyPolicy[1].Condition.StringEquals).toEqual({
      'kms:CallerAccount': '123456789012',
      'kms:ViaService': ['s3.ap-northeast-2.amazonaws.com'],
    });
  });

  it('denies every request that does not use TLS', () => {
    const [statement] = JSON.parse(synth.only('aws_s3_bucket_policy').policy).Statement;
    expect(statement).toMatchObject({
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    expect(statement.Resource).toHaveLength(2);
  });

  it('expires noncurrent state versions after the retention period', () => {
    const [rule] = synth.only('aws_s3_bucket_lifecycle_configuration').rule;
    expect(rule).toMatchObject({ status: 'Enabled', noncurrent_version_expiration: [{ noncurrent_days: 90 }] });
  });
});
