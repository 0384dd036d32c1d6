import { defineCases } from '../../testing/cases';
import { synthResource, type SynthJson } from '../../testing/fixtures';
import { db } from './fixture-edits';
import { rdsRequireSecureTransport } from './rds-require-secure-transport';

const parameterGroup = (synth: SynthJson) => synthResource(synth, 'aws_db_parameter_group');

export default defineCases({
  rule: rdsRequireSecureTransport,
  failing: [
    { variant: 'require_secure_transport = 0', change: (s) => (parameterGroup(s).parameter[0].value = '0') },
    { variant: 'require_secure_transport not set', change: (s) => (parameterGroup(s).parameter = []) },
    {
      // The default group leaves require_secure_transport OFF.
      variant: 'the default parameter group',
      change: (s) => (db(s).parameter_group_name = 'default.mysql8.0'),
    },
  ],
  passing: [{ variant: 'require_secure_transport = ON', change: (s) => (parameterGroup(s).parameter[0].value = 'ON') }],
});
