import type { StateConfig } from './state-config';

// One state bucket holds every environment's state (a key per stack). Set your own account id before deploying.
export const state: StateConfig = {
  namePrefix: 'rdsp',
  region: 'ap-northeast-2',
  accountId: '111111111111',
  noncurrentVersionRetentionDays: 90,
  tags: { Project: 'rds-proxy-platform', Environment: 'shared', ManagedBy: 'cdktf' },
};
