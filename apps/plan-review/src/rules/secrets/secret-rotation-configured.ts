import { label, resourcesReferring } from '../../model/lookup';
import { defineResourceRule } from '../rule';

export const secretRotationConfigured = defineResourceRule({
  id: 'secret-rotation-configured',
  severity: 'medium',
  peers: { checkov: ['CKV2_AWS_57'], trivy: [] },
  title: 'Secrets have automatic rotation configured',
  description:
    'A credential that never changes stays valid for as long as anyone who ever read it keeps a copy. Secrets Manager ' +
    'rotates a secret only when an `aws_secretsmanager_secret_rotation` names it (a rotation function or a managed ' +
    'rotation, and a schedule); the secret itself has no rotation setting. The RDS-managed master secret rotates by ' +
    'RDS and is not a resource of the stack.',
  remediation:
    'Add an `aws_secretsmanager_secret_rotation` for the secret with its rotation function and a schedule ' +
    '(`rotation_rules`).',
  docs: [
    'https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html',
    'https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/secretsmanager_secret_rotation',
  ],
  appliesTo: ['aws_secretsmanager_secret'],
  problem: (secret, model) =>
    resourcesReferring(model, 'aws_secretsmanager_secret_rotation', 'secret_id', secret).length
      ? undefined
      : `${label(secret)} has no aws_secretsmanager_secret_rotation`,
});
