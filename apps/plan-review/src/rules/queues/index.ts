import type { Rule } from '../rule';
import { sqsQueueEncrypted } from './sqs-queue-encrypted';

/** SQS queues (the dead-letter queue of the alert path). */
export const queueRules: Rule[] = [sqsQueueEncrypted];
