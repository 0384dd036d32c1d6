import { customerManagedKeyProblem, isCustomerManagedKey } from '../../model/kms-keys';
import { label } from '../../model/lookup';
import { describeBoolean, readBoolean } from '../../model/values';
import { defineResourceRule } from '../rule';
import { STORAGE } from './db-resources';

export const rdsEncryptedWithCmk = defineResourceRule({
  id: 'rds-encrypted-with-cmk',
  severity: 'high',
  peers: { checkov: ['CKV_AWS_16'], trivy: ['AWS-0080'] },
  differences: [
    {
      peer: 'checkov',
      id: 'CKV_AWS_16',
      difference:
        'CKV_AWS_16 reads only `storage_encrypted` on `aws_db_instance`: it accepts storage under the AWS managed key ' +
        '`aws/rds` (no `kms_key_id`, or an `alias/aws/rds` one), leaves a value from a variable unknown and does not ' +
        "look at `aws_rds_cluster`; ours refuses all three, because the database's data must be readable only through " +
        'a key whose policy the stack writes, and a value the review cannot read may be false.',
    },
    {
      peer: 'trivy',
      id: 'AWS-0080',
      difference:
        'AWS-0080 accepts any encrypted instance whatever its key (the AWS managed `aws/rds` included), does not check ' +
        'an instance that has a replication source (a read replica), and leaves clusters to AWS-0079; ours refuses the ' +
        'AWS managed key and checks replicas and clusters too, since each of them holds a copy of the same data.',
    },
  ],
  title: 'RDS storage is encrypted with a customer-managed KMS key',
  description:
    "RDS encrypts a DB instance's storage, its automated backups, read replicas and snapshots with one KMS key, chosen " +
    'when the storage is created and never changed afterwards: an unencrypted instance can only be encrypted by ' +
    'restoring a copy. With `storage_encrypted` but no `kms_key_id`, RDS uses the AWS managed key `aws/rds`, whose ' +
    'key policy lets every principal of the account that may use RDS decrypt through it, so the key adds no boundary ' +
    'of its own; a customer managed key has a policy the stack writes and its use is logged per key. An Aurora or ' +
    'Multi-AZ DB cluster keeps the storage on the cluster, so the rule reads `aws_rds_cluster` as well. An ' +
    '`alias/aws/...` name or ARN, or a data source that looks one up, is the AWS managed key again.',
  remediation:
    'Set `storage_encrypted = true` and `kms_key_id` to the ARN of an `aws_kms_key` of the stack (the database key); ' +
    'an existing unencrypted instance needs a snapshot copied with that key and a restore.',
  docs: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html',
    'https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key',
    'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#kms_key_id',
  ],
  appliesTo: STORAGE,
  problem: (db, model) =>
    readBoolean(db.values['storage_encrypted']) !== true
      ? `${label(db)} has ${describeBoolean('storage_encrypted', db.values['storage_encrypted'])}`
      : !isCustomerManagedKey(db.values['kms_key_id'], model)
        ? `${label(db)} is encrypted with the AWS-managed key, not a CMK (${customerManagedKeyProblem(db.values['kms_key_id'], 'kms_key_id', model)})`
        : undefined,
});
