import { defineCases } from '../../testing/cases';
import { db } from './fixture-edits';
import { rdsMultiAzInProd } from './rds-multi-az-in-prod';

export default defineCases({
  rule: rdsMultiAzInProd,
  environment: 'prod',
  failing: [
    { variant: 'multi_az = false', change: (s) => (db(s).multi_az = false) },
    // Unset, CreateDBInstance makes a single-AZ instance.
    { variant: 'multi_az unset', change: (s) => delete db(s).multi_az },
  ],
});
