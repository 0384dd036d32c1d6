import { customerManagedKeyProblem } from '../model/kms-keys';
import { label } from '../model/lookup';
import { isSet, readBoolean, valueAt } from '../model/values';
import { perResource, type Rule } from './rule';

export const apiLogsAndKmsRules: Rule[] = [
  perResource({
    id: 'api-stage-access-logs',
    severity: 'high',
    peers: { checkov: ['CKV_AWS_76'], trivy: [] },
    title: 'API stages write access logs',
    appliesTo: ['aws_apigatewayv2_stage'],
    problem: (stage) =>
      isSet(valueAt(stage.values, 'access_log_settings.destination_arn')) &&
      isSet(valueAt(stage.values, 'access_log_settings.format'))
        ? undefined
        : `${label(stage)} has no access_log_settings`,
  }),
  perResource({
    id: 'api-stage-throttling',
    severity: 'high',
    peers: { checkov: [], trivy: [] },
    title: 'API stages set a throttling burst and rate limit',
    appliesTo: ['aws_apigatewayv2_stage'],
    problem: (stage) => {
      const burst = Number(valueAt(stage.values, 'default_route_settings.throttling_burst_limit') ?? 0);
      const rate = Number(valueAt(stage.values, 'default_route_settings.throttling_rate_limit') ?? 0);
      return burst > 0 && rate > 0
        ? undefined
        : `${label(stage)} has throttling burst=${burst} rate=${rate} (default_route_settings)`;
    },
  }),
  perResource({
    id: 'log-group-encrypted-with-cmk',
    severity: 'high',
    peers: { checkov: ['CKV_AWS_158'], trivy: [] },
    title: 'Log groups are encrypted with a CMK',
    appliesTo: ['aws_cloudwatch_log_group'],
    problem: (group, model) => {
      const keyProblem = customerManagedKeyProblem(group.values['kms_key_id'], 'kms_key_id', model);
      return keyProblem && `${label(group)} is not encrypted with a CMK (${keyProblem})`;
    },
  }),
  perResource({
    id: 'log-group-retention',
    severity: 'high',
    peers: { checkov: ['CKV_AWS_66'], trivy: [] },
    title: 'Log groups have a retention period',
    appliesTo: ['aws_cloudwatch_log_group'],
    problem: (group) =>
      Number(group.values['retention_in_days'] ?? 0) > 0
        ? undefined
        : `${label(group)} keeps logs forever (retention_in_days unset)`,
  }),
  perResource({
    id: 'kms-key-rotation',
    severity: 'high',
    peers: { checkov: ['CKV_AWS_7'], trivy: [] },
    title: 'Symmetric KMS keys rotate automatically (AWS rotates no asymmetric or HMAC key)',
    appliesTo: ['aws_kms_key'],
    problem: (key) => {
      // Automatic rotation exists only for symmetric encryption keys:
      // https://docs.aws.amazon.com/kms/latest/developerguide/rotating-keys.html ("Supported KMS keys").
      const spec = key.values['customer_master_key_spec'] ?? key.values['key_spec'];
      if (typeof spec === 'string' && spec !== 'SYMMETRIC_DEFAULT' && !spec.includes('${')) return undefined;
      return readBoolean(key.values['enable_key_rotation']) === true
        ? undefined
        : `${label(key)} has enable_key_rotation off`;
    },
  }),
];
