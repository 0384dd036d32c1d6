import { defineCases } from '../../testing/cases';
import type { SynthJson } from '../../testing/fixtures';
import { addCluster, addClusterInstance, db, DB_KEY } from './fixture-edits';
import { rdsNotPublic } from './rds-not-public';

// Terraform converts "true" and "1" to true; a variable or an expression may be true at apply.
const publicValues = [
  ['the string "true"', 'true'],
  ['the literal expression ${true}', '${true}'],
  ['a variable (known only at apply)', '${var.pub}'],
  ['the string "1"', '1'],
];

export default defineCases({
  rule: rdsNotPublic,
  failing: [
    { variant: 'publicly_accessible = true', change: (s) => (db(s).publicly_accessible = true) },
    ...publicValues.map(([variant, value]) => ({
      variant: `publicly_accessible set to ${variant}`,
      change: (s: SynthJson) => (db(s).publicly_accessible = value),
    })),
    {
      variant: 'an Aurora cluster instance with publicly_accessible=true',
      change: (s) => {
        addCluster({ storage_encrypted: true, kms_key_id: DB_KEY })(s);
        addClusterInstance({ publicly_accessible: true })(s);
      },
    },
    {
      variant: 'an Aurora cluster instance with publicly_accessible from a variable',
      change: addClusterInstance({ publicly_accessible: '${var.pub}' }),
    },
  ],
  passing: [
    ...[
      ['the string "false"', 'false'],
      ['the literal expression ${false}', '${false}'],
    ].map(([variant, value]) => ({
      variant: `publicly_accessible set to ${variant}`,
      change: (s: SynthJson) => (db(s).publicly_accessible = value),
    })),
    { variant: 'a private Aurora cluster instance', change: addClusterInstance({ publicly_accessible: false }) },
  ],
});
