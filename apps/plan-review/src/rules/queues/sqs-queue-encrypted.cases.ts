import { defineCases } from '../../testing/cases';
import { addSynthResource, synthResource, type SynthJson } from '../../testing/fixtures';
import { sqsQueueEncrypted } from './sqs-queue-encrypted';

const queue = (synth: SynthJson) => synthResource(synth, 'aws_sqs_queue', 'dead-letters');

export default defineCases({
  rule: sqsQueueEncrypted,
  // The fixture has no queue: the dead-letter queue as apps/infra writes it (SSE-SQS).
  setup: (s) =>
    addSynthResource(s, 'aws_sqs_queue', 'dead-letters', {
      name: 'rdsp-dev-rotation-failures-dlq',
      message_retention_seconds: 1_209_600,
      sqs_managed_sse_enabled: true,
    }),
  failing: [
    { variant: 'sqs_managed_sse_enabled = false', change: (s) => (queue(s).sqs_managed_sse_enabled = false) },
    { variant: 'no encryption setting at all', change: (s) => delete queue(s).sqs_managed_sse_enabled },
    {
      variant: 'sqs_managed_sse_enabled from a variable (unknown at plan time)',
      change: (s) => (queue(s).sqs_managed_sse_enabled = '${var.encrypt}'),
    },
    {
      variant: 'kms_master_key_id = alias/aws/sqs (the AWS managed key)',
      change: (s) => {
        delete queue(s).sqs_managed_sse_enabled;
        queue(s).kms_master_key_id = 'alias/aws/sqs';
      },
    },
  ],
  passing: [
    {
      variant: 'a KMS key of the stack instead of SSE-SQS',
      change: (s) => {
        delete queue(s).sqs_managed_sse_enabled;
        queue(s).kms_master_key_id = '${aws_kms_key.kms_alerts_3C1E9F07.arn}';
      },
    },
  ],
});
