import { customerManagedKeyProblem } from '../model/kms-keys';
import { label, resourcesReferring } from '../model/lookup';
import { perResource, type Rule } from './rule';
import { secretValueRule } from './secret-value';

export const secretsRules: Rule[] = [
  perResource({
    id: 'secret-encrypted-with-cmk',
    checkovId: 'CKV_AWS_149',
    title: 'Secrets are encrypted with a customer-managed KMS key',
    appliesTo: ['aws_secretsmanager_secret'],
    problem: (secret, model) => {
      const keyProblem = customerManagedKeyProblem(secret.values['kms_key_id'], 'kms_key_id', model);
      return keyProblem && `${label(secret)} uses the AWS-managed key (${keyProblem})`;
    },
  }),
  perResource({
    id: 'secret-rotation-configured',
    checkovId: 'CKV2_AWS_57',
    title: 'Secrets have automatic rotation configured',
    appliesTo: ['aws_secretsmanager_secret'],
    problem: (secret, model) =>
      resourcesReferring(model, 'aws_secretsmanager_secret_rotation', 'secret_id', secret).length
        ? undefined
        : `${label(secret)} has no aws_secretsmanager_secret_rotation`,
  }),
  secretValueRule,
];
