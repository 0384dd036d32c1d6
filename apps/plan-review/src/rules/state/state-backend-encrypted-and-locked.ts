import { customerManagedKeyProblem, isCustomerManagedKey } from '../../model/kms-keys';
import { isSet, readBoolean } from '../../model/values';
import { defineRule } from '../rule';

/** Backends that keep state on the machine running Terraform: used by the offline plan, never for a deployment. */
const LOCAL_BACKENDS = ['local'];

export const stateBackendEncryptedAndLocked = defineRule({
  id: 'state-backend-encrypted-and-locked',
  severity: 'high',
  peers: { checkov: [], trivy: [] },
  title:
    'The S3 state backend is encrypted with a KMS key of ours (kms_key_id) and locks (use_lockfile or a DynamoDB table)',
  description:
    'The state holds every attribute of every resource in clear text, sensitive ones included, so it needs the ' +
    'protection of the data it describes: a customer managed key (`kms_key_id`), as for every store of data here. ' +
    '`encrypt = true` alone is SSE-S3, a key S3 holds for anyone who may read the bucket, so it passes no more than ' +
    'no encryption. Two applies writing the same state at once can corrupt it; Terraform locks ' +
    'the state for every operation that could write it only where the backend supports locking, and the S3 backend ' +
    'locks only when asked to, with `use_lockfile = true` (a lock object beside the state) or, deprecated, a ' +
    '`dynamodb_table`. Any backend other than S3 is refused: the stack keeps its state in the S3 bucket of the state ' +
    'stack. The local backend of the offline plans is not a deployment and is not reviewed.',
  remediation:
    'Use the S3 backend with `encrypt = true` (and the state key as `kms_key_id`) and `use_lockfile = true`.',
  docs: [
    'https://developer.hashicorp.com/terraform/language/settings/backends/s3',
    'https://developer.hashicorp.com/terraform/language/state/locking',
    'https://developer.hashicorp.com/terraform/language/state/sensitive-data',
  ],
  appliesTo: ['terraform.backend'],
  check: (model) => {
    const backend = model.backend;
    if (!backend || LOCAL_BACKENDS.includes(backend.type)) return [];
    const address = `terraform.backend.${backend.type}`;
    const { encrypt, kms_key_id: kmsKeyId, use_lockfile: useLockfile, dynamodb_table: lockTable, key } = backend.config;
    // The state of stack `dev` is `dev/terraform.tfstate` (apps/infra stacks/stack-settings.ts): another stack's key
    // would plan this stack's configuration against that stack's resources.
    const firstSegment = typeof key === 'string' ? key.split('/')[0] : undefined;
    const problems = [
      backend.type !== 's3' ? `is ${backend.type}, not s3` : undefined,
      // The backend encrypts only with encrypt = true; kms_key_id chooses the key of that encryption and is not sent
      // without it (https://developer.hashicorp.com/terraform/language/backend/s3: encrypt, kms_key_id).
      readBoolean(encrypt) !== true
        ? 'does not set encrypt = true (kms_key_id alone does not encrypt)'
        : isCustomerManagedKey(kmsKeyId, model)
          ? undefined
          : isSet(kmsKeyId)
            ? `encrypts with ${customerManagedKeyProblem(kmsKeyId, 'kms_key_id', model)}, not the state CMK`
            : 'encrypts with SSE-S3 only (encrypt=true without kms_key_id, not the state CMK)',
      readBoolean(useLockfile) === true || (typeof lockTable === 'string' && lockTable.trim() !== '')
        ? undefined
        : 'does not lock (use_lockfile=true)',
      model.stackName && backend.type === 's3' && firstSegment !== model.stackName
        ? `keeps the state under ${String(key)}, not ${model.stackName}/… (another stack's state)`
        : undefined,
    ].filter(Boolean);
    const message = problems.length
      ? `the ${backend.type} backend ${problems.join(', ')}`
      : `the ${backend.type} backend: ok`;
    return [{ ruleId: 'state-backend-encrypted-and-locked', address, passed: problems.length === 0, message }];
  },
});
