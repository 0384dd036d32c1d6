import { label } from '../../model/lookup';
import { readBoolean } from '../../model/values';
import { defineResourceRule } from '../rule';

export const kmsKeyRotation = defineResourceRule({
  id: 'kms-key-rotation',
  severity: 'medium',
  peers: { checkov: ['CKV_AWS_7'], trivy: [] },
  differences: [
    {
      peer: 'checkov',
      id: 'CKV_AWS_7',
      difference:
        'checkov refuses an HMAC key without rotation; we pass it, since AWS KMS rotates only symmetric encryption ' +
        'keys automatically.',
    },
    {
      peer: 'checkov',
      id: 'CKV_AWS_7',
      difference:
        'checkov skips a key whose customer_master_key_spec is an expression; we require rotation of it, since the ' +
        'spec may be SYMMETRIC_DEFAULT.',
    },
  ],
  title: 'Symmetric KMS keys rotate automatically (AWS rotates no asymmetric or HMAC key)',
  description:
    'With automatic rotation on, AWS KMS gives a symmetric encryption key new key material every year (or every ' +
    '`rotation_period_in_days`), keeps the old material to decrypt what it encrypted and encrypts with the new: an ' +
    'exposed or worn key material protects less data, and no data has to be re-encrypted. Automatic rotation exists ' +
    'only for symmetric encryption keys, so a key with an asymmetric or HMAC `customer_master_key_spec` passes; a ' +
    'spec given by an expression may be symmetric and is checked.',
  remediation: 'Set `enable_key_rotation = true` on the key (and `rotation_period_in_days` for another period).',
  docs: [
    'https://docs.aws.amazon.com/kms/latest/developerguide/rotating-keys.html',
    'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_key#enable_key_rotation',
  ],
  appliesTo: ['aws_kms_key'],
  problem: (key) => {
    // Automatic rotation exists only for symmetric encryption keys:
    // https://docs.aws.amazon.com/kms/latest/developerguide/rotating-keys.html ("Supported KMS keys").
    const spec = key.values['customer_master_key_spec'] ?? key.values['key_spec'];
    if (typeof spec === 'string' && spec !== 'SYMMETRIC_DEFAULT' && !spec.includes('${')) return undefined;
    return readBoolean(key.values['enable_key_rotation']) === true
      ? undefined
      : `${label(key)} has enable_key_rotation off`;
  },
});
