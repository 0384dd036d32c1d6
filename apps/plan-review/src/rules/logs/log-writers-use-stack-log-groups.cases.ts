import { defineCases } from '../../testing/cases';
import { addSynthResource, synthResource, synthResources, type SynthJson } from '../../testing/fixtures';
import { logWritersUseStackLogGroups } from './log-writers-use-stack-log-groups';

const apiFunction = (s: SynthJson) => synthResource(s, 'aws_lambda_function', 'api-function/function');
const stage = (s: SynthJson) => synthResource(s, 'aws_apigatewayv2_stage');
const groupAt = (s: SynthJson, path: string) => synthResource(s, 'aws_cloudwatch_log_group', path);
const removeGroup = (s: SynthJson, name: string) => {
  const groups = s['resource']['aws_cloudwatch_log_group'];
  for (const [key, values] of Object.entries(groups))
    if ((values as { name: string }).name === name) delete groups[key];
};

/** The fixture is older than the stack: it has no proxy or database log groups, which the stack now creates. */
function addServiceGroups(s: SynthJson): void {
  const group = (name: string) => ({
    name,
    retention_in_days: 14,
    kms_key_id: groupAt(s, 'api-function/log-group').kms_key_id,
  });
  addSynthResource(s, 'aws_cloudwatch_log_group', 'proxy-log-group', group('/aws/rds/proxy/rds-platform-dev'));
  for (const type of ['error', 'slowquery'])
    addSynthResource(
      s,
      'aws_cloudwatch_log_group',
      `db-log-group-${type}`,
      group(`/aws/rds/instance/rds-platform-dev/${type}`),
    );
}

export default defineCases({
  rule: logWritersUseStackLogGroups,
  setup: addServiceGroups,
  failing: [
    {
      variant: "the API function's logging_config.log_group a name the stack does not create",
      change: (s) => (apiFunction(s).logging_config.log_group = '/aws/lambda/rds-platform-dev-api-debug'),
    },
    {
      variant: 'logging_config removed and no /aws/lambda/<function name> group (Lambda creates its own)',
      change: (s) => {
        delete apiFunction(s).logging_config;
        removeGroup(s, '/aws/lambda/rds-platform-dev-api');
      },
    },
    { variant: 'the proxy log group removed', change: (s) => removeGroup(s, '/aws/rds/proxy/rds-platform-dev') },
    {
      variant: 'a new log export (audit) without its group',
      change: (s) => synthResource(s, 'aws_db_instance').enabled_cloudwatch_logs_exports.push('audit'),
    },
    {
      variant: "the stage's access logs to a log group ARN outside the stack",
      change: (s) =>
        (stage(s).access_log_settings.destination_arn =
          'arn:aws:logs:ap-northeast-2:123456789012:log-group:/central/api-access'),
    },
    {
      variant: 'logging_config.log_group looked up by a data source',
      change: (s) => (apiFunction(s).logging_config.log_group = '${data.aws_cloudwatch_log_group.shared.name}'),
    },
  ],
  passing: [
    {
      variant: 'logging_config removed, the /aws/lambda/<function name> group in the stack',
      change: (s) => delete apiFunction(s).logging_config,
    },
    {
      variant: 'logging_config.log_group as the literal name of a group of the stack',
      change: (s) => (apiFunction(s).logging_config.log_group = '/aws/lambda/rds-platform-dev-api'),
    },
    {
      variant: "the stage's destination as the literal ARN of the stack's access log group",
      change: (s) =>
        (stage(s).access_log_settings.destination_arn =
          'arn:aws:logs:ap-northeast-2:123456789012:log-group:/rds-platform/dev/api-access:*'),
    },
    {
      variant: 'every function sharing one group of the stack',
      change: (s) =>
        synthResources(s, 'aws_lambda_function').forEach(
          (fn) => (fn.logging_config.log_group = apiFunction(s).logging_config.log_group),
        ),
    },
  ],
});
