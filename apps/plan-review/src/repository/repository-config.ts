import reviewConfig from '../../review-config.json';
import type { ReviewConfig } from '../config/review-config';

/**
 * This repository's reviewed settings (apps/plan-review/review-config.json, under CODEOWNERS): what the CLI gives the
 * engine. Repository glue, not engine: the engine reads only what it is passed (RuleContext.config).
 */
export const REPOSITORY_REVIEW_CONFIG: ReviewConfig = {
  accounts: reviewConfig.accounts,
  references: reviewConfig.references,
  bounds: {
    minimumLogRetentionDays: reviewConfig.bounds.minimumLogRetentionDays,
    maximumCountAlarmThreshold: reviewConfig.bounds.maximumCountAlarmThreshold,
    maximumAlarmWindowSeconds: reviewConfig.bounds.maximumAlarmWindowSeconds,
    requiredAccessLogFields: reviewConfig.bounds.requiredAccessLogFields,
  },
};
