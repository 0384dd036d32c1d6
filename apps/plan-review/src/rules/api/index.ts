import type { Rule } from '../rule';
import { apiStageAccessLogs } from './api-stage-access-logs';
import { apiStageThrottling } from './api-stage-throttling';

/** The HTTP API's stages: access logs and throttling. */
export const apiStageRules: Rule[] = [apiStageAccessLogs, apiStageThrottling];
