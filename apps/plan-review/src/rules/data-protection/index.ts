import type { Rule } from '../rule';
import { kmsKeyDeletionWindow } from './kms-key-deletion-window';
import { proxyNoDebugLogging } from './proxy-no-debug-logging';
import { rdsNoStatementLogs } from './rds-no-statement-logs';
import { rdsFinalSnapshotInProd } from './rds-final-snapshot-in-prod';
import { rdsKeepsAutomatedBackupsInProd } from './rds-keeps-automated-backups-in-prod';
import { s3BucketPublicAccessBlocked } from './s3-bucket-public-access-blocked';
import { s3BucketVersionedNoForceDestroy } from './s3-bucket-versioned-no-force-destroy';
import { secretRecoveryWindow } from './secret-recovery-window';

/**
 * Data that cannot be read by the wrong people or lost by one bad apply: no SQL text in the proxy's or the database's logs, a recovery
 * window on secrets and keys, S3 buckets closed to the public and versioned, and prod databases that leave a final
 * snapshot and their automated backups behind when deleted.
 */
export const dataProtectionRules: Rule[] = [
  proxyNoDebugLogging,
  rdsNoStatementLogs,
  secretRecoveryWindow,
  kmsKeyDeletionWindow,
  s3BucketPublicAccessBlocked,
  s3BucketVersionedNoForceDestroy,
  rdsFinalSnapshotInProd,
  rdsKeepsAutomatedBackupsInProd,
];
