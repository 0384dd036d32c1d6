import { defineCases } from '../../testing/cases';
import { addSynthResource } from '../../testing/fixtures';
import { secretRotationConfigured } from './secret-rotation-configured';

export default defineCases({
  rule: secretRotationConfigured,
  failing: [{ variant: 'the rotation removed', change: (s) => delete s.resource.aws_secretsmanager_secret_rotation }],
  passing: [
    {
      // A second secret the team adds, with its own rotation: rotation is per secret, not per stack.
      variant: 'a second secret with its own rotation',
      change: (s) => {
        addSynthResource(s, 'aws_secretsmanager_secret', 'reporting', {
          name: 'reporting',
          kms_key_id: '${aws_kms_key.kms_secrets_C95EF308.arn}',
        });
        addSynthResource(s, 'aws_secretsmanager_secret_rotation', 'reporting-rotation', {
          secret_id: '${aws_secretsmanager_secret.reporting.id}',
          rotation_lambda_arn: '${aws_lambda_function.credentials_function_01992942.arn}',
          rotation_rules: { automatically_after_days: 30 },
        });
      },
    },
  ],
});
