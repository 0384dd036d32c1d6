import { customerManagedKeyProblem } from '../../model/kms-keys';
import { label } from '../../model/lookup';
import { defineResourceRule } from '../rule';

export const secretEncryptedWithCmk = defineResourceRule({
  id: 'secret-encrypted-with-cmk',
  severity: 'high',
  peers: { checkov: ['CKV_AWS_149'], trivy: [] },
  title: 'Secrets are encrypted with a customer-managed KMS key',
  description:
    'Without `kms_key_id`, Secrets Manager encrypts a secret with the AWS managed key `aws/secretsmanager`, whose ' +
    'key policy lets every principal of the account that may use Secrets Manager decrypt through it: the key adds no ' +
    'boundary of its own. A customer managed key has a key policy the stack writes, so only the roles that need the ' +
    'secret can decrypt it, and its use is logged per key. The key is customer managed only when the stack owns it: ' +
    'an `alias/aws/...` name or ARN, or a data source that looks one up, is the AWS managed key again.',
  remediation: "Set `kms_key_id` to the ARN of a `aws_kms_key` of the stack whose policy names the secret's readers.",
  docs: [
    'https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html',
    'https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key',
  ],
  appliesTo: ['aws_secretsmanager_secret'],
  problem: (secret, model) => {
    const keyProblem = customerManagedKeyProblem(secret.values['kms_key_id'], 'kms_key_id', model);
    return keyProblem && `${label(secret)} uses the AWS-managed key (${keyProblem})`;
  },
});
