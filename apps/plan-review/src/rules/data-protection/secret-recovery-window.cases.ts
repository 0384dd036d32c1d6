import { defineCases } from '../../testing/cases';
import { synthResource, type SynthJson } from '../../testing/fixtures';
import { secretRecoveryWindow } from './secret-recovery-window';

const secret = (synth: SynthJson) => synthResource(synth, 'aws_secretsmanager_secret');

export default defineCases({
  rule: secretRecoveryWindow,
  failing: [{ variant: 'recovery_window_in_days=0', change: (s) => (secret(s).recovery_window_in_days = 0) }],
  passing: [
    {
      variant: 'the shortest window Secrets Manager allows (7 days)',
      change: (s) => (secret(s).recovery_window_in_days = 7),
    },
  ],
});
