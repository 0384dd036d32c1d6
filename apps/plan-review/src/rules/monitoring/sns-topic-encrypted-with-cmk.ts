import { awsManagedKeyAlias } from '../../model/kms-keys';
import { label, referencedResources } from '../../model/lookup';
import { isSet } from '../../model/values';
import { defineResourceRule } from '../rule';
import { isLive } from './alarm-targets';

export const snsTopicEncryptedWithCmk = defineResourceRule({
  id: 'sns-topic-encrypted-with-cmk',
  severity: 'high',
  peers: { checkov: ['CKV_AWS_26'], trivy: ['AWS-0095', 'AWS-0136'] },
  differences: [
    {
      peer: 'checkov',
      id: 'CKV_AWS_26',
      difference:
        'CKV_AWS_26 accepts any kms_master_key_id, alias/aws/sns and its ARN, a data-source lookup or an unknown ' +
        "alias included; we refuse the AWS managed key (its key policy is AWS's, so every principal of the account " +
        'that may use SNS can decrypt through it) and accept only a key or alias of the stack or a key ARN.',
    },
    {
      peer: 'trivy',
      id: 'AWS-0095',
      difference:
        'AWS-0095 only refuses a topic without a key and passes one it cannot resolve; we also refuse the AWS ' +
        'managed key and a key looked up by a data source, which may be alias/aws/sns.',
    },
    {
      peer: 'trivy',
      id: 'AWS-0136',
      difference:
        'AWS-0136 refuses only the exact string alias/aws/sns; we also refuse its ARN form, a data-source lookup ' +
        'that may name it, and a topic without a key (which AWS-0136 leaves to AWS-0095).',
    },
  ],
  title: 'SNS topics are encrypted with a customer-managed KMS key (not alias/aws/sns)',
  description:
    'SNS stores the messages of a topic unencrypted unless `kms_master_key_id` names a KMS key. The alerts carry the ' +
    "names of the stack's resources and what went wrong with them. With the AWS managed key `alias/aws/sns` the key " +
    "policy is AWS's own and cannot name who may decrypt; besides, CloudWatch and EventBridge can publish to an " +
    'encrypted topic only if the key policy lets their service principals use the key, which a customer managed key ' +
    'of the stack grants and the AWS managed key cannot. A key of the stack (by reference or by one of its aliases) ' +
    'or a literal key ARN passes; `alias/aws/sns`, its ARN, a key looked up by a data source, or a value the review ' +
    'cannot read fails.',
  remediation:
    "Set `kms_master_key_id` to the ARN of the stack's alerts `aws_kms_key`, whose policy lets " +
    '`cloudwatch.amazonaws.com` and `events.amazonaws.com` use it.',
  docs: [
    'https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html',
    'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services',
    'https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key',
    'https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/sns_topic',
  ],
  appliesTo: ['aws_sns_topic'],
  problem: (topic, model) => {
    const key = topic.values['kms_master_key_id'];
    if (!isSet(key)) return `${label(topic)} has no kms_master_key_id (SNS topics are not encrypted by default)`;
    if (typeof key !== 'string') return `${label(topic)} has a kms_master_key_id the review cannot read`;
    const awsManaged = awsManagedKeyAlias(key, model);
    if (awsManaged) return `${label(topic)} uses the AWS-managed key ${awsManaged}; use a customer-managed key`;
    if (referencedResources(model, key, 'aws_kms_key', 'aws_kms_alias').some(isLive)) return undefined;
    if (/^arn:aws[\w-]*:kms:[\w-]+:\d{12}:key\/[\w-]+$/.test(key)) return undefined;
    return `${label(topic)} has kms_master_key_id=${key}, which is neither a KMS key or alias of this stack nor a key ARN`;
  },
});
