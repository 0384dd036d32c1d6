import { defineCases } from '../../testing/cases';
import { addSynthResource, synthResource, type SynthJson } from '../../testing/fixtures';
import { kmsKeyRotation } from './kms-key-rotation';

const logsKey = (synth: SynthJson) => synthResource(synth, 'aws_kms_key', 'kms/logs');

export default defineCases({
  rule: kmsKeyRotation,
  failing: [
    { variant: 'enable_key_rotation = false', change: (s) => (logsKey(s).enable_key_rotation = false) },
    {
      variant: 'a key whose spec comes from a variable, without rotation',
      change: (s) =>
        addSynthResource(s, 'aws_kms_key', 'reports', {
          description: 'reports',
          customer_master_key_spec: '${var.key_spec}',
        }),
    },
  ],
  passing: [
    {
      // AWS KMS cannot rotate asymmetric keys automatically: a signing key without rotation is all it can be.
      variant: 'an asymmetric signing key without rotation',
      change: (s) =>
        addSynthResource(s, 'aws_kms_key', 'signing', {
          description: 'release signing',
          customer_master_key_spec: 'ECC_NIST_P256',
          key_usage: 'SIGN_VERIFY',
        }),
    },
    {
      variant: 'rotation with a 90-day period',
      change: (s) => Object.assign(logsKey(s), { enable_key_rotation: true, rotation_period_in_days: 90 }),
    },
  ],
});
