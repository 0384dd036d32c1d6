import { isProduction, label } from '../../model/lookup';
import { defineResourceRule } from '../rule';

/** KMS waits 7 to 30 days before deleting a key (30 when unset); prod keeps the longest window to notice a mistake. */
const KMS_DELETION_WINDOW_DAYS = { minimum: 7, production: 30, unset: 30 };

export const kmsKeyDeletionWindow = defineResourceRule({
  id: 'kms-key-deletion-window',
  severity: 'medium',
  peers: { checkov: [], trivy: [] },
  title: `KMS keys wait before deletion (deletion_window_in_days >= ${KMS_DELETION_WINDOW_DAYS.production} in prod)`,
  description:
    'Deleting a KMS key is destructive: once the waiting period ends, KMS deletes the key material and every ' +
    'ciphertext made under it (the database storage, its snapshots, the secrets, the logs) can no longer be ' +
    'decrypted. KMS enforces a waiting period of 7 to 30 days (30 when none is given), during which the key is ' +
    'pending deletion, unusable, and the deletion can be cancelled. Prod keeps the full 30 days to notice a mistake or ' +
    'a hostile change before its data is lost; other environments may use the 7-day minimum. A window the review ' +
    'cannot read (an expression) fails.',
  remediation: 'Leave `deletion_window_in_days` unset (30 days) or set it to 30 in prod, and at least 7 elsewhere.',
  docs: [
    'https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys-scheduling-key-deletion.html',
    'https://docs.aws.amazon.com/kms/latest/cryptographic-details/key-deletion.html',
    'https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/kms_key',
  ],
  appliesTo: ['aws_kms_key'],
  problem: (key, model) => {
    const days = key.values['deletion_window_in_days'] ?? KMS_DELETION_WINDOW_DAYS.unset;
    const minimum = isProduction(model) ? KMS_DELETION_WINDOW_DAYS.production : KMS_DELETION_WINDOW_DAYS.minimum;
    return typeof days === 'number' && days >= minimum
      ? undefined
      : `${label(key)} has deletion_window_in_days=${String(days)}; needs at least ${minimum} (data it encrypts is lost with it)`;
  },
});
