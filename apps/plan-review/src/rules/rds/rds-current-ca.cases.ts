import { defineCases } from '../../testing/cases';
import { db } from './fixture-edits';
import { rdsCurrentCa } from './rds-current-ca';

export default defineCases({
  rule: rdsCurrentCa,
  failing: [
    {
      variant: 'ca_cert_identifier = rds-ca-2019 (expired)',
      change: (s) => (db(s).ca_cert_identifier = 'rds-ca-2019'),
    },
    { variant: 'ca_cert_identifier unset', change: (s) => delete db(s).ca_cert_identifier },
  ],
  passing: [{ variant: 'the ECC CA rds-ca-ecc384-g1', change: (s) => (db(s).ca_cert_identifier = 'rds-ca-ecc384-g1') }],
});
