import { label } from '../../model/lookup';
import { isSet } from '../../model/values';
import { defineResourceRule } from '../rule';
import { INSTANCE } from './db-resources';

export const rdsLogExports = defineResourceRule({
  id: 'rds-log-exports',
  severity: 'medium',
  peers: { checkov: ['CKV_AWS_129'], trivy: [] },
  title: 'RDS instance exports its logs to CloudWatch',
  description:
    "RDS keeps a MySQL instance's error, slow query and general logs on the instance, rotated away within days, and " +
    'loses them with the instance. Only the log types listed in `enabled_cloudwatch_logs_exports` are published to ' +
    'CloudWatch Logs (`/aws/rds/instance/<name>/<type>`), where they outlive the instance, can be searched and can ' +
    'feed metric filters and alarms. Without them an incident on the database leaves no record outside it.',
  remediation:
    'List the log types to export in `enabled_cloudwatch_logs_exports` (for MySQL at least `error` and `slowquery`; ' +
    'the slow query log also needs `slow_query_log = 1` in the parameter group).',
  docs: ['https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.MySQLDB.PublishtoCloudWatchLogs.html'],
  appliesTo: INSTANCE,
  problem: (db) =>
    isSet(db.values['enabled_cloudwatch_logs_exports'])
      ? undefined
      : `${label(db)} exports no logs (enabled_cloudwatch_logs_exports)`,
});
