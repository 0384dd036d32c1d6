import { defineCases } from '../../testing/cases';
import { db } from './fixture-edits';
import { rdsAutoMinorUpgrades } from './rds-auto-minor-upgrades';

export default defineCases({
  rule: rdsAutoMinorUpgrades,
  failing: [
    { variant: 'auto_minor_version_upgrade = false', change: (s) => (db(s).auto_minor_version_upgrade = false) },
  ],
  passing: [
    {
      // Unset, CreateDBInstance applies minor upgrades automatically.
      variant: "auto_minor_version_upgrade unset (RDS's default: on)",
      change: (s) => delete db(s).auto_minor_version_upgrade,
    },
  ],
});
