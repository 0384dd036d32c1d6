import type { Rule } from '../rule';
import { apiAccessLogFields } from './api-access-log-fields';
import { apiStageAccessLogs } from './api-stage-access-logs';
import { apiStageThrottling } from './api-stage-throttling';

/** The HTTP API's stages: access logs, their fields, and throttling. */
export const apiStageRules: Rule[] = [apiStageAccessLogs, apiAccessLogFields, apiStageThrottling];
