import { label } from '../../model/lookup';
import { isExpression, valueAt } from '../../model/values';
import { defineResourceRule } from '../rule';

/**
 * Whether a format writes `$context.<name>`: the variable, not a longer one it begins (`$context.requestTime` is not
 * `$context.requestTimeEpoch`, `$context.identity.user` is not `$context.identity.userArn`).
 */
export function writesVariable(format: string, variable: string): boolean {
  const escaped = variable.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`${escaped}(?![A-Za-z0-9_]|\\.[A-Za-z0-9_])`).test(format);
}

export const apiAccessLogFields = defineResourceRule({
  id: 'api-access-log-fields',
  severity: 'medium',
  peers: { checkov: [], trivy: [] },
  title: 'API access logs record the fields an investigation needs (the reviewed list)',
  description:
    'An HTTP API stage writes one access log line per request, holding only the `$context` variables its format ' +
    'names: a format cut down to the request id still "has access logs", but no longer says who called, from which ' +
    'address, which route, with what result or when, so the record an incident review reads is gone while every ' +
    "other rule still passes. Which variables every line must hold is the team's decision, made once in the reviewed " +
    'settings (`bounds.requiredAccessLogFields` in review-config.json: here the request id, source IP, caller ' +
    'identity, route key, status and request time); a JSON, CLF or XML format that drops one of them fails, as does a ' +
    'format given by an expression the review cannot read. Without the bound the rule checks nothing.',
  remediation:
    "Keep every variable of `bounds.requiredAccessLogFields` in the stage's `access_log_settings.format`; drop one " +
    'from the reviewed list only as a reviewed decision.',
  docs: [
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html',
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html',
    'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/apigatewayv2_stage#access_log_settings',
  ],
  appliesTo: ['aws_apigatewayv2_stage'],
  problem: (stage, _model, { config }) => {
    const required = config.bounds?.requiredAccessLogFields ?? [];
    if (required.length === 0) return undefined;
    const format = valueAt(stage.values, 'access_log_settings.format');
    // No access_log_settings at all is api-stage-access-logs' finding.
    if (format === undefined || format === null || format === '') return undefined;
    if (typeof format !== 'string') return `${label(stage)} has an access log format the review cannot read`;
    const missing = required.filter((variable) => !writesVariable(format, variable));
    if (missing.length === 0) return undefined;
    const unreadable = isExpression(format.replace(/\$context\.[A-Za-z0-9_.]+/g, ''));
    return (
      `${label(stage)} access log format lacks ${missing.join(', ')} (bounds.requiredAccessLogFields)` +
      (unreadable ? ': part of it is an expression the review cannot read' : '')
    );
  },
});
