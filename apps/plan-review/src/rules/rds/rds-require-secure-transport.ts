import { label, referencedResources } from '../../model/lookup';
import { blocksAt } from '../../model/values';
import { defineResourceRule } from '../rule';
import { INSTANCE } from './db-resources';

export const rdsRequireSecureTransport = defineResourceRule({
  id: 'rds-require-secure-transport',
  severity: 'high',
  peers: { checkov: ['CKV2_AWS_69'], trivy: [] },
  differences: [
    {
      peer: 'checkov',
      id: 'CKV2_AWS_69',
      difference:
        'CKV2_AWS_69 accepts an instance connected to no `aws_db_parameter_group`, whose default group leaves ' +
        '`require_secure_transport` OFF on MySQL 8.0 and 8.4; ours refuses it, since only a parameter group of the ' +
        'stack can require TLS.',
    },
    {
      peer: 'checkov',
      id: 'CKV2_AWS_69',
      difference:
        'CKV2_AWS_69 accepts only the value `1` and reads PostgreSQL (`rds.force_ssl`), SQL Server and Db2 families ' +
        'by their own parameters; ours also accepts `ON`, the MySQL spelling the RDS guide uses, and reads only ' +
        '`require_secure_transport`, because this architecture runs RDS for MySQL.',
    },
  ],
  title: 'RDS parameter group sets require_secure_transport=1',
  description:
    'RDS for MySQL accepts unencrypted connections unless the DB parameter group sets `require_secure_transport` to ' +
    'ON (1); the default is OFF up to MySQL 8.4. With it on, the server refuses a client that does not establish ' +
    'TLS (MySQL error 3159). Every client that reaches port 3306, the proxy, the rotation function or an ' +
    'administrator, must then encrypt; without it, one that does not sends credentials and data in clear text. The ' +
    'parameter is dynamic: setting it needs no reboot.',
  remediation:
    'Give the DB instance a parameter group of the stack (`parameter_group_name`) with ' +
    '`parameter { name = "require_secure_transport", value = "1" }`.',
  docs: ['https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mysql-ssl-connections.require-ssl.html'],
  appliesTo: INSTANCE,
  problem: (db, model) => {
    const [group] = referencedResources(model, db.values['parameter_group_name'], 'aws_db_parameter_group');
    if (!group) return `${label(db)} does not use a parameter group from this stack`;
    const setting = blocksAt(group.values, 'parameter').find(
      (parameter) => parameter['name'] === 'require_secure_transport',
    );
    const value = String(setting?.['value'] ?? 'unset').toUpperCase();
    return value === '1' || value === 'ON' ? undefined : `${label(group)} has require_secure_transport=${value}`;
  },
});
