import { defineCases } from '../../testing/cases';
import { synthResource, type SynthJson } from '../../testing/fixtures';
import { kmsKeyDeletionWindow } from './kms-key-deletion-window';

const key = (synth: SynthJson, suffix: string) => synthResource(synth, 'aws_kms_key', suffix);

export default defineCases({
  rule: kmsKeyDeletionWindow,
  // Prod asks for the full 30 days; the fixture's keys set none (KMS waits 30).
  environment: 'prod',
  failing: [
    {
      variant: 'the database key with a 7-day window in prod',
      change: (s) => (key(s, 'kms/database').deletion_window_in_days = 7),
    },
  ],
  passing: [
    {
      variant: 'the 7-day minimum outside prod',
      environment: 'dev',
      change: (s) => (key(s, 'kms/logs').deletion_window_in_days = 7),
    },
    {
      // Added: the careful team writes the default out.
      variant: 'deletion_window_in_days = 30 written out in prod',
      change: (s) => (key(s, 'kms/database').deletion_window_in_days = 30),
    },
  ],
});
