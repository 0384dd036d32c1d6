import { defineCases } from '../../testing/cases';
import { synthResource, type SynthJson } from '../../testing/fixtures';
import { db } from './fixture-edits';
import { rdsNoStatementLogs } from './rds-no-statement-logs';

const parameters = (synth: SynthJson) => synthResource(synth, 'aws_db_parameter_group').parameter as unknown[];
const setParameter = (name: string, value: string) => (s: SynthJson) => parameters(s).push({ name, value });

export default defineCases({
  rule: rdsNoStatementLogs,
  failing: [
    { variant: 'general_log = 1', change: setParameter('general_log', '1') },
    { variant: 'general_log = ON', change: setParameter('general_log', 'ON') },
    { variant: 'general_log set by a variable', change: setParameter('general_log', '${var.general_log}') },
    {
      variant: 'general exported to CloudWatch Logs',
      change: (s) => db(s).enabled_cloudwatch_logs_exports.push('general'),
    },
    {
      variant: 'the slow query log with long_query_time = 0 (every statement)',
      change: (s) => {
        setParameter('slow_query_log', '1')(s);
        setParameter('long_query_time', '0')(s);
      },
    },
    {
      variant: 'log_queries_not_using_indexes = 1',
      change: (s) => {
        setParameter('slow_query_log', '1')(s);
        setParameter('log_queries_not_using_indexes', '1')(s);
      },
    },
  ],
  passing: [
    {
      variant: 'the slow query log of statements over 1 s, exported (as the stack has it)',
      change: (s) => {
        setParameter('slow_query_log', '1')(s);
        setParameter('long_query_time', '1')(s);
        setParameter('log_output', 'FILE')(s);
      },
    },
    { variant: 'general_log = 0 set explicitly', change: setParameter('general_log', '0') },
    { variant: 'a fractional long_query_time (0.5 s)', change: setParameter('long_query_time', '0.5') },
    {
      variant: 'error, slowquery and iam-db-auth-error exported',
      change: (s) => db(s).enabled_cloudwatch_logs_exports.push('iam-db-auth-error'),
    },
  ],
});
