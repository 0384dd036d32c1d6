import { customerManagedKeyProblem } from '../../model/kms-keys';
import { label } from '../../model/lookup';
import { isSet, readBoolean } from '../../model/values';
import { defineResourceRule } from '../rule';

export const sqsQueueEncrypted = defineResourceRule({
  id: 'sqs-queue-encrypted',
  severity: 'high',
  peers: { checkov: [], trivy: [] },
  title: 'SQS queues encrypt their messages at rest (SSE-SQS or a KMS key of the stack), said explicitly',
  description:
    'A queue holds messages until they are read or expire: the dead-letter queue of the rotation failure events ' +
    'keeps them for days. Amazon SQS encrypts a queue at rest with SSE-SQS (keys SQS manages, ' +
    '`sqs_managed_sse_enabled = true`) or SSE-KMS (`kms_master_key_id`); `sqs_managed_sse_enabled = false` without a ' +
    'key turns encryption off. Whether a queue created without either is encrypted depends on the API default of the ' +
    'day, so the rule does not rely on it: the configuration must say which encryption the queue has.',
  remediation:
    'Set `sqs_managed_sse_enabled = true`, or `kms_master_key_id` to a key of the stack whose policy lets the ' +
    'producers (for EventBridge, events.amazonaws.com) use it.',
  docs: [
    'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html',
    'https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/sqs_queue',
  ],
  appliesTo: ['aws_sqs_queue'],
  problem: (queue, model) => {
    const key = queue.values['kms_master_key_id'];
    if (isSet(key)) {
      // alias/aws/sqs is the AWS managed key: its policy cannot grant EventBridge, so the dead letters it should
      // hold could not be written (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html).
      const problem = customerManagedKeyProblem(key, 'kms_master_key_id', model);
      return problem && `${label(queue)} encrypts with ${problem}, not a key of the stack`;
    }
    const managed = readBoolean(queue.values['sqs_managed_sse_enabled']);
    if (managed === true) return undefined;
    return managed === false
      ? `${label(queue)} turns encryption at rest off (sqs_managed_sse_enabled = false, no kms_master_key_id)`
      : `${label(queue)} does not say how it is encrypted at rest (sqs_managed_sse_enabled or kms_master_key_id)`;
  },
});
