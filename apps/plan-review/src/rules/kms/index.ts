import type { Rule } from '../rule';
import { kmsKeyRotation } from './kms-key-rotation';

/** The stack's KMS keys. */
export const kmsKeyRules: Rule[] = [kmsKeyRotation];
