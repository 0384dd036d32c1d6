import { defineCases } from '../../testing/cases';
import { alarmWatchesAResourceOfTheStack } from './alarm-watches-a-resource-of-the-stack';
import { alarm } from './fixture-edits';

export default defineCases({
  rule: alarmWatchesAResourceOfTheStack,
  failing: [
    {
      variant: 'FunctionName one name off (a function that does not exist)',
      change: (s) => (alarm(s, 'api-errors').dimensions.FunctionName = 'rds-platform-dev-api-v1'),
    },
    {
      variant: 'DBInstanceIdentifier of another instance',
      change: (s) => (alarm(s, 'db-cpu').dimensions.DBInstanceIdentifier = 'rds-platform-prod'),
    },
    {
      variant: 'a Stage that does not exist',
      change: (s) => (alarm(s, 'api-5xx').dimensions.Stage = 'v2'),
    },
    {
      variant: "FunctionName referring to the DB instance's identifier",
      change: (s) =>
        (alarm(s, 'api-errors').dimensions.FunctionName = '${aws_db_instance.database_instance_D7FC2283.identifier}'),
    },
    {
      variant: 'FunctionName from a variable (the review cannot tell which function)',
      change: (s) => (alarm(s, 'api-errors').dimensions.FunctionName = '${var.function}'),
    },
  ],
  passing: [
    {
      variant: "the function's exact name written out instead of a reference",
      change: (s) => (alarm(s, 'api-errors').dimensions.FunctionName = 'rds-platform-dev-api'),
    },
    {
      variant: 'an alarm on the proxy default target group, named "default" as RDS Proxy names it',
      change: (s) =>
        Object.assign(alarm(s, 'proxy-auth-failures').dimensions, { TargetGroup: 'default', TargetRole: 'READ_WRITE' }),
    },
  ],
});
