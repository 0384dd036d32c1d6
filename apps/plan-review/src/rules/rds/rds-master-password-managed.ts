import { customerManagedKeyProblem, isCustomerManagedKey } from '../../model/kms-keys';
import { label } from '../../model/lookup';
import { isSet, readBoolean } from '../../model/values';
import { defineResourceRule } from '../rule';
import { INSTANCE } from './db-resources';

export const rdsMasterPasswordManaged = defineResourceRule({
  id: 'rds-master-password-managed',
  severity: 'high',
  peers: { checkov: [], trivy: [] },
  title: 'The master password is generated and kept by RDS in Secrets Manager, under a customer-managed KMS key',
  description:
    'With `manage_master_user_password`, RDS generates the master password, stores it in a Secrets Manager secret ' +
    'it owns and rotates it; no one writes it, and it appears in neither the configuration nor the state. A ' +
    '`password` (or `password_wo`) is a password a person or a pipeline chose and has to keep. RDS encrypts the ' +
    'managed secret with `master_user_secret_kms_key_id`, or, unset, with the AWS managed key ' +
    '`aws/secretsmanager`, which every principal of the account allowed to use Secrets Manager may decrypt through: ' +
    'the master secret needs a customer managed key whose policy names its few readers.',
  remediation:
    'Remove `password` / `password_wo`, set `manage_master_user_password = true` and ' +
    '`master_user_secret_kms_key_id` to the ARN of the secrets `aws_kms_key` of the stack.',
  docs: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html',
    'https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html',
    'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#manage_master_user_password',
  ],
  appliesTo: INSTANCE,
  problem: (db) =>
    isSet(db.values['password']) || isSet(db.values['password_wo'])
      ? `${label(db)} sets the master password in code/state`
      : readBoolean(db.values['manage_master_user_password']) !== true
        ? `${label(db)} does not set manage_master_user_password=true`
        : // Unset, RDS keeps the master secret under aws/secretsmanager, which every principal of the account may use.
          isCustomerManagedKey(db.values['master_user_secret_kms_key_id'])
          ? undefined
          : `${label(db)} keeps its master secret under the AWS-managed key, not a CMK (${customerManagedKeyProblem(db.values['master_user_secret_kms_key_id'], 'master_user_secret_kms_key_id')})`,
});
