import { state } from '../config/state';
import { Testing, TerraformStack } from 'cdktf';
import { useS3StateBackend } from './stack-settings';

// The checked-in state settings, in another account.
const config = { ...state, accountId: '123456789012', tags: {} };

describe('useS3StateBackend', () => {
  it('keeps each stack under its own key, encrypted with the state key, locked by an S3 lock file', () => {
    const stack = new TerraformStack(Testing.app(), 'dev');
    useS3StateBackend(stack, config, 'dev');
    const backend = JSON.parse(Testing.synth(stack)).terraform.backend.s3;
    expect(backend).toEqual({
      bucket: 'rdsp-tfstate-123456789012-ap-northeast-2',
      key: 'dev/terraform.tfstate',
      region: 'ap-northeast-2',
      encrypt: true,
      kms_key_id: 'arn:aws:kms:ap-northeast-2:123456789012:alias/rdsp-tfstate',
      use_lockfile: true,
    });
  });
});
