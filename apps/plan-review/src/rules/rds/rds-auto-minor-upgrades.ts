import { label } from '../../model/lookup';
import { readBoolean } from '../../model/values';
import { defineResourceRule } from '../rule';
import { INSTANCE } from './db-resources';

export const rdsAutoMinorUpgrades = defineResourceRule({
  id: 'rds-auto-minor-upgrades',
  severity: 'low',
  peers: { checkov: ['CKV_AWS_226'], trivy: [] },
  differences: [
    {
      peer: 'checkov',
      id: 'CKV_AWS_226',
      difference:
        'CKV_AWS_226 refuses an instance that leaves `auto_minor_version_upgrade` unset and also checks ' +
        '`aws_rds_cluster_instance`; ours refuses only an explicit false, since unset the provider and CreateDBInstance ' +
        'apply minor upgrades automatically, and this architecture has no Aurora cluster instances.',
    },
  ],
  title: 'RDS minor engine upgrades are automatic',
  description:
    'With `auto_minor_version_upgrade` on (the default), RDS upgrades the instance to the minor version it designates ' +
    'for automatic upgrade, in the maintenance window, once that version has been tested; for RDS for MySQL this also ' +
    'needs automated backups on. Turned off, the instance stays on its minor version, with its known bugs and ' +
    'security fixes missing, until someone upgrades it by hand or RDS forces the upgrade when the version reaches ' +
    'its end of life.',
  remediation: 'Remove `auto_minor_version_upgrade = false` (or set it to true).',
  docs: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.MySQL.Minor.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html',
  ],
  appliesTo: INSTANCE,
  problem: (db) =>
    readBoolean(db.values['auto_minor_version_upgrade']) === false
      ? `${label(db)} turns auto_minor_version_upgrade off`
      : undefined,
});
