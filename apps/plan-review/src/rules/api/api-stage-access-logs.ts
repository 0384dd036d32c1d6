import { label } from '../../model/lookup';
import { isSet, valueAt } from '../../model/values';
import { defineResourceRule } from '../rule';

export const apiStageAccessLogs = defineResourceRule({
  id: 'api-stage-access-logs',
  severity: 'medium',
  peers: { checkov: ['CKV_AWS_76'], trivy: [] },
  differences: [
    {
      peer: 'checkov',
      id: 'CKV_AWS_76',
      difference:
        'checkov also refuses a REST API stage (`aws_api_gateway_stage`) without access logs; we read only HTTP API ' +
        'stages, since this stack has no REST API and resource-type-reviewed fails a REST API stage until a rule ' +
        'covers it.',
    },
  ],
  title: 'API stages write access logs',
  description:
    "Access logs are the API's own record of who called which route, from where and with what status: what an " +
    'incident review reads, and the only record of the requests the function never saw (throttled or refused ones). ' +
    'An HTTP API stage writes them only when `access_log_settings` names both a destination (the ARN of a CloudWatch ' +
    'Logs log group) and a format (the `$context` variables each line holds); without them API Gateway logs nothing.',
  remediation:
    "Set the stage's `access_log_settings` to the stack's access log group and a format with at least the request " +
    'id, source IP, route, status and time.',
  docs: [
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html',
    'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/apigatewayv2_stage#access_log_settings',
  ],
  appliesTo: ['aws_apigatewayv2_stage'],
  problem: (stage) =>
    isSet(valueAt(stage.values, 'access_log_settings.destination_arn')) &&
    isSet(valueAt(stage.values, 'access_log_settings.format'))
      ? undefined
      : `${label(stage)} has no access_log_settings`,
});
