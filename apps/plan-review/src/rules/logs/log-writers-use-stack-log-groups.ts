import { label, liveResources, referencedResources } from '../../model/lookup';
import type { Resource, ReviewModel } from '../../model/types';
import { asList, isExpression, valueAt } from '../../model/values';
import { defineRule, finding } from '../rule';

const LOG_GROUP = 'aws_cloudwatch_log_group';

/** The stack's log group a name or reference means: by `${aws_cloudwatch_log_group.x.name}`, or by its literal name. */
function groupNamed(model: ReviewModel, name: unknown): Resource | undefined {
  const groups = liveResources(model, LOG_GROUP);
  return (
    referencedResources(model, name, LOG_GROUP).find((group) => groups.includes(group)) ??
    groups.find((group) => typeof name === 'string' && group.values['name'] === name)
  );
}

/** The log group name in a CloudWatch Logs ARN (`arn:aws:logs:r:a:log-group:NAME` or `...:NAME:*`). */
function groupNameInArn(arn: string): string | undefined {
  return /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:(.+?)(?::\*)?$/.exec(arn)?.[1];
}

/** Where one log-writing resource writes, and the problem when that is not a log group of the stack. */
function destinationProblem(model: ReviewModel, writer: Resource): string | undefined {
  const values = writer.values;
  const notOurs = (where: string) =>
    `${label(writer)} writes its logs to ${where}, not a log group this stack creates (its CMK and retention rules do not apply there)`;
  switch (writer.type) {
    case 'aws_lambda_function': {
      const configured = valueAt(values, 'logging_config.log_group');
      const name = configured ?? `/aws/lambda/${String(values['function_name'])}`;
      return groupNamed(model, name)
        ? undefined
        : notOurs(isExpression(name) ? 'a group the review cannot resolve' : String(name));
    }
    case 'aws_db_proxy': {
      const name = `/aws/rds/proxy/${String(values['name'])}`;
      return groupNamed(model, name) ? undefined : notOurs(name);
    }
    case 'aws_db_instance': {
      const missing = asList(values['enabled_cloudwatch_logs_exports'])
        .map((type) => `/aws/rds/instance/${String(values['identifier'])}/${String(type)}`)
        .filter((name) => !groupNamed(model, name));
      return missing.length === 0 ? undefined : notOurs(missing.join(', '));
    }
    case 'aws_apigatewayv2_stage': {
      const destination = valueAt(values, 'access_log_settings.destination_arn');
      if (destination === undefined || destination === null || destination === '') return undefined;
      if (referencedResources(model, destination, LOG_GROUP).some((group) => group.action !== 'delete'))
        return undefined;
      const name = typeof destination === 'string' ? groupNameInArn(destination) : undefined;
      return name !== undefined && groupNamed(model, name) ? undefined : notOurs(String(destination));
    }
    default:
      return undefined;
  }
}

const WRITERS = ['aws_lambda_function', 'aws_db_proxy', 'aws_db_instance', 'aws_apigatewayv2_stage'];

export const logWritersUseStackLogGroups = defineRule({
  id: 'log-writers-use-stack-log-groups',
  severity: 'medium',
  peers: { checkov: [], trivy: [] },
  title: 'Every log-writing service of the stack writes to a log group the stack creates',
  description:
    'The log group rules (a CMK, a retention at least the configured minimum) judge only the groups the stack ' +
    'creates. A service that writes anywhere else escapes them: Lambda writes to `logging_config.log_group`, or to ' +
    '`/aws/lambda/<function name>` without one; RDS Proxy writes to `/aws/rds/proxy/<proxy name>`; an RDS instance ' +
    'publishes each exported log to `/aws/rds/instance/<identifier>/<log type>`; an HTTP API stage writes its access ' +
    'logs to the group its `destination_arn` names. When that group is not in the stack, the service writes to a ' +
    'group someone else manages, or creates one itself on first write, encrypted with no key of ours and kept ' +
    'forever. So each of these must resolve to a log group of the stack: by a reference or by its literal name.',
  remediation:
    "Create the service's log group in the stack (encrypted with the logs key, with retention) and point the service " +
    "at it: `logging_config.log_group` to its name, the stage's `destination_arn` to its ARN, the proxy's and " +
    "instance's groups named as the service names them.",
  docs: [
    'https://docs.aws.amazon.com/lambda/latest/api/API_LoggingConfig.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.troubleshooting.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.MySQLDB.PublishtoCloudWatchLogs.html',
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html',
  ],
  appliesTo: WRITERS,
  check: (model) =>
    liveResources(model, ...WRITERS).map((writer) =>
      finding('log-writers-use-stack-log-groups', writer, destinationProblem(model, writer)),
    ),
});
