import { label } from '../../model/lookup';
import { asList, blocksAt, isExpression } from '../../model/values';
import { defineResourceRule } from '../rule';

const PARAMETER_GROUPS = ['aws_db_parameter_group', 'aws_rds_cluster_parameter_group'];
const DATABASES = ['aws_db_instance', 'aws_rds_cluster'];

/** A MySQL switch as RDS takes it: `1`/`ON` on, `0`/`OFF` off; anything else (an expression) only apply can tell. */
function readSwitch(value: unknown): 'on' | 'off' | 'unknown' {
  const text = String(value ?? '')
    .trim()
    .toUpperCase();
  if (text === '1' || text === 'ON' || text === 'TRUE') return 'on';
  if (text === '0' || text === 'OFF' || text === 'FALSE') return 'off';
  return 'unknown';
}

/** What a parameter group turns on that writes the text of ordinary statements to the logs. */
function statementLogging(group: Record<string, unknown>): string[] {
  const parameters = new Map(
    blocksAt(group, 'parameter').map((parameter) => [String(parameter['name']).toLowerCase(), parameter['value']]),
  );
  const problems: string[] = [];
  for (const name of ['general_log', 'log_queries_not_using_indexes']) {
    if (!parameters.has(name)) continue;
    const reading = readSwitch(parameters.get(name));
    if (reading === 'on') problems.push(`${name}=1`);
    if (reading === 'unknown') problems.push(`${name} set to a value the review cannot read as 0`);
  }
  if (parameters.has('long_query_time')) {
    const value = parameters.get('long_query_time');
    if (isExpression(value)) problems.push('long_query_time set by an expression the review cannot read');
    else if (Number(value) === 0) problems.push('long_query_time=0 (every statement is "slow")');
  }
  return problems;
}

export const rdsNoStatementLogs = defineResourceRule({
  id: 'rds-no-statement-logs',
  severity: 'high',
  peers: { checkov: [], trivy: [] },
  title: 'The database does not log the text of every statement (no general log, no all-statements slow log)',
  description:
    "MySQL's general query log records every statement a client sends, as sent: the values the API writes and looks " +
    'up, and the passwords of `CREATE USER` / `ALTER USER` the rotation runs. RDS writes it when the parameter group ' +
    'sets `general_log = 1`, and exporting `general` in `enabled_cloudwatch_logs_exports` copies it to CloudWatch Logs, ' +
    'readable by whoever can read the log group. The slow query log holds statement text too, which is why it is ' +
    'bounded by duration: with `long_query_time = 0` every statement is slow, and `log_queries_not_using_indexes = 1` ' +
    'logs every query without an index whatever its duration, so either turns the slow query log into a general log ' +
    'by another name and fails as well. A slow query log of statements over a real threshold (the stack: 1 second) ' +
    'passes. A value the review cannot read (an expression) fails, since it may turn logging on.',
  remediation:
    'Leave `general_log` and `log_queries_not_using_indexes` unset or 0, keep `long_query_time` above 0, and do not ' +
    'list `general` in `enabled_cloudwatch_logs_exports`; to trace statements, use Performance Insights on a ' +
    'non-production stack.',
  docs: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.MySQL.LogFileSize.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.MySQLDB.PublishtoCloudWatchLogs.html',
    'https://dev.mysql.com/doc/en/query-log.html',
  ],
  appliesTo: [...PARAMETER_GROUPS, ...DATABASES],
  problem: (resource) => {
    if (PARAMETER_GROUPS.includes(resource.type)) {
      const problems = statementLogging(resource.values);
      return problems.length > 0 ? `${label(resource)} logs statement text: ${problems.join(', ')}` : undefined;
    }
    const exports = asList(resource.values['enabled_cloudwatch_logs_exports']).map(String);
    if (exports.includes('general'))
      return `${label(resource)} exports the general log (every statement with its values) to CloudWatch Logs`;
    const unreadable = exports.find(isExpression);
    return unreadable
      ? `${label(resource)} exports logs given by an expression the review cannot read (it may include general)`
      : undefined;
  },
});
