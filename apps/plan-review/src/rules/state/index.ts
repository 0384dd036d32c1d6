import type { Rule } from '../rule';
import { stateBackendEncryptedAndLocked } from './state-backend-encrypted-and-locked';

/** Where the stack's state is kept: encrypted, and locked against two applies at once. */
export const stateRules: Rule[] = [stateBackendEncryptedAndLocked];
