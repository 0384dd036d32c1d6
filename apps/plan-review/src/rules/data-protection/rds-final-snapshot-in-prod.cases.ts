import { defineCases } from '../../testing/cases';
import { db, protectProdDatabase } from './fixture-edits';
import { rdsFinalSnapshotInProd } from './rds-final-snapshot-in-prod';

export default defineCases({
  rule: rdsFinalSnapshotInProd,
  environment: 'prod',
  setup: protectProdDatabase,
  failing: [
    {
      variant: 'skip_final_snapshot=true and no final_snapshot_identifier',
      change: (s) => Object.assign(db(s), { skip_final_snapshot: true, final_snapshot_identifier: undefined }),
    },
  ],
  passing: [
    {
      // Added: the snapshot named from the environment, as a team writing it once for every stack would.
      variant: 'final_snapshot_identifier from an expression',
      change: (s) => (db(s).final_snapshot_identifier = '${var.environment}-mysql-final'),
    },
  ],
});
