import { label } from '../../model/lookup';
import { defineResourceRule } from '../rule';

export const secretRecoveryWindow = defineResourceRule({
  id: 'secret-recovery-window',
  severity: 'medium',
  peers: { checkov: [], trivy: [] },
  title: 'Secrets keep a recovery window when deleted (recovery_window_in_days is not 0)',
  description:
    'When a secret is deleted, Secrets Manager keeps it for a recovery window of 7 to 30 days (30 by default) during ' +
    'which it can be restored; only at the end of the window is it deleted for good. The provider sends ' +
    '`recovery_window_in_days = 0` as a deletion without recovery: one destroy or replacement of the secret, by ' +
    'mistake or by a hostile change, removes the credentials the API and the rotation depend on at once, with no way ' +
    'back. Any window from 7 days up keeps the way back.',
  remediation: 'Remove `recovery_window_in_days = 0` (30 days by default) or set it between 7 and 30.',
  docs: [
    'https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html',
    'https://docs.aws.amazon.com/secretsmanager/latest/userguide/manage_restore-secret.html',
    'https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/secretsmanager_secret',
  ],
  appliesTo: ['aws_secretsmanager_secret'],
  problem: (secret) =>
    Number(secret.values['recovery_window_in_days'] ?? 30) === 0
      ? `${label(secret)} has recovery_window_in_days=0: a delete destroys the secret at once, with no way back`
      : undefined,
});
