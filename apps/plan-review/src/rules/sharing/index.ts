import type { Rule } from '../rule';
import { dbSnapshotNotShared } from './db-snapshot-not-shared';
import { kmsGrantOwnAccounts } from './kms-grant-own-accounts';
import { lambdaLayerNotPublic } from './lambda-layer-not-public';
import { noModuleCalls } from './no-module-calls';

/** What the stack shares with other accounts (grants, layers, snapshots), and what it cannot see (modules). */
export const sharingRules: Rule[] = [kmsGrantOwnAccounts, lambdaLayerNotPublic, dbSnapshotNotShared, noModuleCalls];
