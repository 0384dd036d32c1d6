import type { Rule } from '../rule';
import { secretEncryptedWithCmk } from './secret-encrypted-with-cmk';
import { secretRotationConfigured } from './secret-rotation-configured';
import { secretValueNotInPlan } from './secret-value-not-in-plan';

/** Secrets Manager secrets and every other place a secret value could land. */
export const secretsRules: Rule[] = [secretEncryptedWithCmk, secretRotationConfigured, secretValueNotInPlan];
