import { defineCases } from '../../testing/cases';
import { db } from './fixture-edits';
import { rdsCopyTagsToSnapshot } from './rds-copy-tags-to-snapshot';

export default defineCases({
  rule: rdsCopyTagsToSnapshot,
  failing: [
    { variant: 'copy_tags_to_snapshot removed (off by default)', change: (s) => delete db(s).copy_tags_to_snapshot },
    { variant: 'copy_tags_to_snapshot = false', change: (s) => (db(s).copy_tags_to_snapshot = false) },
  ],
  passing: [
    {
      variant: 'copy_tags_to_snapshot as the string "true" (Terraform converts it)',
      change: (s) => (db(s).copy_tags_to_snapshot = 'true'),
    },
  ],
});
