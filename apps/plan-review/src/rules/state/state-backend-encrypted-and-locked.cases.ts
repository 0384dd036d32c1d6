import { defineCases } from '../../testing/cases';
import type { SynthJson } from '../../testing/fixtures';
import { stateBackendEncryptedAndLocked } from './state-backend-encrypted-and-locked';

const S3_STATE = { bucket: 'state', key: 'dev/terraform.tfstate', region: 'ap-northeast-2' };
const backend = (synth: SynthJson) => synth.terraform.backend.s3;
/** The state CMK as apps/infra writes it (stacks/stack-settings.ts: kmsKeyId, the state key's alias ARN). */
const STATE_KEY = 'arn:aws:kms:ap-northeast-2:123456789012:alias/rdsp-tfstate';

export default defineCases({
  rule: stateBackendEncryptedAndLocked,
  // The fixture's backend is local (not reviewed): the S3 backend as the stack writes it.
  setup: (s) =>
    (s.terraform.backend = { s3: { ...S3_STATE, encrypt: true, kms_key_id: STATE_KEY, use_lockfile: true } }),
  failing: [
    {
      variant: 'an S3 backend that does not lock',
      change: (s) => (s.terraform.backend = { s3: { ...S3_STATE, encrypt: true, kms_key_id: STATE_KEY } }),
    },
    // Added: the other two halves of the rule.
    {
      variant: 'an S3 backend without encryption',
      change: (s) => {
        delete backend(s).encrypt;
        delete backend(s).kms_key_id;
      },
    },
    {
      variant: 'encrypt=true without kms_key_id (SSE-S3, not the state CMK)',
      change: (s) => delete backend(s).kms_key_id,
    },
    {
      variant: 'kms_key_id = alias/aws/s3 (the AWS managed key)',
      change: (s) => (backend(s).kms_key_id = 'alias/aws/s3'),
    },
    {
      variant: 'kms_key_id = the ARN of alias/aws/s3',
      change: (s) => (backend(s).kms_key_id = 'arn:aws:kms:ap-northeast-2:123456789012:alias/aws/s3'),
    },
    {
      // Terraform sends kms_key_id only when encrypt is on (the S3 backend's encrypt and kms_key_id).
      variant: 'kms_key_id without encrypt',
      change: (s) => delete backend(s).encrypt,
    },
    {
      variant: 'an empty DynamoDB lock table instead of use_lockfile (Terraform does not lock then)',
      change: (s) => {
        delete backend(s).use_lockfile;
        backend(s).dynamodb_table = '';
      },
    },
    { variant: "prod's state key in dev's backend", change: (s) => (backend(s).key = 'prod/terraform.tfstate') },
    {
      variant: 'a cloud block (HCP Terraform) instead of the S3 backend',
      change: (s) => {
        delete s.terraform.backend;
        s.terraform.cloud = { organization: 'ops-tools', workspaces: { name: 'rdsp-dev' } };
      },
    },
    {
      variant: 'a backend other than S3 (http)',
      change: (s) => (s.terraform.backend = { http: { address: 'https://state.example.com/dev' } }),
    },
  ],
  passing: [
    {
      // Added: the deprecated lock table still locks.
      variant: 'a DynamoDB lock table instead of use_lockfile',
      change: (s) => {
        delete backend(s).use_lockfile;
        backend(s).dynamodb_table = 'terraform-locks';
      },
    },
    {
      variant: 'use_lockfile = "true" (a string, which Terraform converts to a boolean)',
      change: (s) => (backend(s).use_lockfile = 'true'),
    },
  ],
});
