import { defineCases } from '../../testing/cases';
import { db } from './fixture-edits';
import { rdsEngineInStandardSupport } from './rds-engine-in-standard-support';

// The cases run on the real day: they hold from 2026-08-01, when MySQL 8.0 left standard support, on. The cases on a
// pinned day, with their messages, are in rds.spec.ts.
export default defineCases({
  rule: rdsEngineInStandardSupport,
  failing: [
    {
      // The fixture's MySQL 8.0 is past standard support (2026-07-31) on the explicit opt-in: without it, it fails.
      variant: 'MySQL 8.0 without engine_lifecycle_support',
      change: (s) => delete db(s).engine_lifecycle_support,
    },
    {
      variant: 'MySQL 8.0 opted out of Extended Support',
      change: (s) => (db(s).engine_lifecycle_support = 'open-source-rds-extended-support-disabled'),
    },
    { variant: 'a major version with no dates (9.1)', change: (s) => (db(s).engine_version = '9.1') },
  ],
  passing: [
    { variant: 'MySQL 8.0.40 with the explicit opt-in', change: (s) => (db(s).engine_version = '8.0.40') },
    {
      variant: "no engine_version (RDS's default, a current version)",
      change: (s) => {
        delete db(s).engine_version;
        delete db(s).engine_lifecycle_support;
      },
    },
  ],
});
