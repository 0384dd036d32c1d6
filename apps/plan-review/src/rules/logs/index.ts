import type { Rule } from '../rule';
import { logGroupEncryptedWithCmk } from './log-group-encrypted-with-cmk';
import { logGroupRetention } from './log-group-retention';

/** CloudWatch Logs log groups: encryption and retention. */
export const logGroupRules: Rule[] = [logGroupEncryptedWithCmk, logGroupRetention];
