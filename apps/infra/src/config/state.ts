import { PLACEHOLDER_ACCOUNT_ID } from './placeholders';
import type { StateConfig } from './state-config';

// One state bucket holds every environment's state (a key per stack). Set your own account id before deploying (the deploy refuses the placeholder).
export const state: StateConfig = {
  namePrefix: 'rdsp',
  region: 'ap-northeast-2',
  accountId: PLACEHOLDER_ACCOUNT_ID,
  noncurrentVersionRetentionDays: 90,
  tags: { Project: 'rds-proxy-platform', Environment: 'shared', ManagedBy: 'cdktf' },
};
