import type { Rule } from '../rule';
import { logGroupEncryptedWithCmk } from './log-group-encrypted-with-cmk';
import { logGroupRetention } from './log-group-retention';
import { logWritersUseStackLogGroups } from './log-writers-use-stack-log-groups';

/** CloudWatch Logs log groups: encryption and retention, and that every service writes to one of them. */
export const logGroupRules: Rule[] = [logGroupEncryptedWithCmk, logGroupRetention, logWritersUseStackLogGroups];
