import { defineCases } from '../../testing/cases';
import { addSynthData, synthResource, type SynthJson } from '../../testing/fixtures';
import { secretEncryptedWithCmk } from './secret-encrypted-with-cmk';

const secret = (synth: SynthJson) => synthResource(synth, 'aws_secretsmanager_secret');

export default defineCases({
  rule: secretEncryptedWithCmk,
  failing: [
    // No kms_key_id: Secrets Manager uses aws/secretsmanager (security-encryption.html).
    { variant: 'no kms_key_id', change: (s) => delete secret(s).kms_key_id },
    {
      variant: 'kms_key_id = alias/aws/secretsmanager',
      change: (s) => (secret(s).kms_key_id = 'alias/aws/secretsmanager'),
    },
    {
      variant: 'the AWS-managed key looked up by data "aws_kms_alias"',
      change: (s) => {
        addSynthData(s, 'aws_kms_alias', 'sm', { name: 'alias/aws/secretsmanager' });
        secret(s).kms_key_id = '${data.aws_kms_alias.sm.target_key_arn}';
      },
    },
  ],
});
