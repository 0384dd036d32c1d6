import type { Rule } from '../rule';
import { rdsAutoMinorUpgrades } from './rds-auto-minor-upgrades';
import { rdsBackupRetention } from './rds-backup-retention';
import { rdsCopyTagsToSnapshot } from './rds-copy-tags-to-snapshot';
import { rdsCurrentCa } from './rds-current-ca';
import { rdsDeletionProtectionInProd } from './rds-deletion-protection-in-prod';
import { rdsEncryptedWithCmk } from './rds-encrypted-with-cmk';
import { rdsEngineInStandardSupport } from './rds-engine-in-standard-support';
import { rdsLogExports } from './rds-log-exports';
import { rdsMasterPasswordManaged } from './rds-master-password-managed';
import { rdsMultiAzInProd } from './rds-multi-az-in-prod';
import { rdsNotPublic } from './rds-not-public';
import { rdsPerformanceInsightsWithCmk } from './rds-performance-insights-with-cmk';
import { rdsRequireSecureTransport } from './rds-require-secure-transport';

export { CURRENT_RDS_CAS } from './rds-current-ca';
export {
  EXTENDED_SUPPORT_OPT_IN,
  RDS_STANDARD_SUPPORT_ENDS,
  engineSupportProblem,
  extendedSupportBilled,
} from './standard-support';

/** The DB instance (and any cluster) behind the proxy: encryption, exposure, backups, TLS, engine lifecycle. */
export const rdsRules: Rule[] = [
  rdsEncryptedWithCmk,
  rdsNotPublic,
  rdsMultiAzInProd,
  rdsLogExports,
  rdsBackupRetention,
  rdsDeletionProtectionInProd,
  rdsPerformanceInsightsWithCmk,
  rdsAutoMinorUpgrades,
  rdsCurrentCa,
  rdsCopyTagsToSnapshot,
  rdsRequireSecureTransport,
  rdsEngineInStandardSupport,
  rdsMasterPasswordManaged,
];
