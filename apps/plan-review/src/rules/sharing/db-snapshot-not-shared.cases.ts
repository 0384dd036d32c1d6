import { defineCases } from '../../testing/cases';
import { addSynthResource, type SynthJson } from '../../testing/fixtures';
import { addSnapshot, FOREIGN_ACCOUNT, OWN_ACCOUNT } from './fixture-edits';
import { dbSnapshotNotShared } from './db-snapshot-not-shared';

export default defineCases({
  rule: dbSnapshotNotShared,
  // The fixture has no snapshot: one shared with our own account (the aws_db_snapshot cases below replace it).
  setup: (s) => addSnapshot(s, 'aws_db_snapshot', [OWN_ACCOUNT]),
  failing: [
    {
      variant: 'a public aws_db_snapshot (shared_accounts "all")',
      change: (s) => addSnapshot(s, 'aws_db_snapshot', ['all']),
    },
    ...['aws_db_cluster_snapshot', 'aws_db_snapshot_copy'].map((type) => ({
      variant: `a public ${type} (shared_accounts "all")`,
      change: (s: SynthJson) => addSnapshot(s, type, ['all']),
    })),
    {
      variant: 'a snapshot shared with a foreign account',
      change: (s) => addSnapshot(s, 'aws_db_snapshot', [OWN_ACCOUNT, FOREIGN_ACCOUNT]),
    },
  ],
  passing: [
    {
      variant: 'a cluster snapshot that is not shared',
      change: (s) =>
        addSynthResource(s, 'aws_db_cluster_snapshot', 'cluster-snapshot', {
          db_cluster_identifier: 'cluster',
          db_cluster_snapshot_identifier: 'before-upgrade',
        }),
    },
  ],
});
