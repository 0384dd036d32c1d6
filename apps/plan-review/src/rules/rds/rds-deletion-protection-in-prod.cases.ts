import { defineCases } from '../../testing/cases';
import { db } from './fixture-edits';
import { rdsDeletionProtectionInProd } from './rds-deletion-protection-in-prod';

export default defineCases({
  rule: rdsDeletionProtectionInProd,
  environment: 'prod',
  // The fixture is a dev stack, without deletion protection: a production instance has it.
  setup: (s) => (db(s).deletion_protection = true),
  failing: [
    { variant: 'deletion_protection = false', change: (s) => (db(s).deletion_protection = false) },
    { variant: 'deletion_protection unset (off by default)', change: (s) => delete db(s).deletion_protection },
  ],
});
