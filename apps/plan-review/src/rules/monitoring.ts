import { label, referencedResources } from '../model/lookup';
import { asList, isExpression, isSet } from '../model/values';
import { perResource, type Rule } from './rule';

/** AWS-managed keys (`alias/aws/sns`, `alias/aws/...`) are not customer-managed keys. */
const AWS_MANAGED_KEY = /(^|:)alias\/aws\//;

export const monitoringRules: Rule[] = [
  perResource({
    id: 'alarm-has-actions',
    title: 'Every alarm notifies someone: alarm_actions name an SNS topic (OK actions are recommended too)',
    appliesTo: ['aws_cloudwatch_metric_alarm'],
    problem: (alarm, model) => {
      if (alarm.values['actions_enabled'] === false) return `${label(alarm)} has actions_enabled = false`;
      const actions = asList(alarm.values['alarm_actions']);
      if (actions.length === 0) return `${label(alarm)} has no alarm_actions: it fires and nobody hears it`;
      const unknown = actions.filter(
        (action) =>
          referencedResources(model, action, 'aws_sns_topic').length === 0 &&
          !(typeof action === 'string' && !isExpression(action) && action.startsWith('arn:aws')),
      );
      return unknown.length === 0
        ? undefined
        : `${label(alarm)} sends alarm_actions to ${JSON.stringify(unknown)}, not to an SNS topic`;
    },
  }),
  perResource({
    id: 'sns-topic-encrypted-with-cmk',
    checkovId: 'CKV_AWS_26',
    title: 'SNS topics are encrypted with a customer-managed KMS key (not alias/aws/sns)',
    appliesTo: ['aws_sns_topic'],
    problem: (topic) => {
      const key = topic.values['kms_master_key_id'];
      if (!isSet(key)) return `${label(topic)} is not encrypted (kms_master_key_id unset)`;
      return typeof key === 'string' && AWS_MANAGED_KEY.test(key)
        ? `${label(topic)} uses the AWS-managed key ${key}, not a CMK`
        : undefined;
    },
  }),
];
