import { customerManagedKeyProblem } from '../../model/kms-keys';
import { label } from '../../model/lookup';
import { defineResourceRule } from '../rule';

export const logGroupEncryptedWithCmk = defineResourceRule({
  id: 'log-group-encrypted-with-cmk',
  severity: 'high',
  peers: { checkov: ['CKV_AWS_158'], trivy: [] },
  differences: [
    {
      peer: 'checkov',
      id: 'CKV_AWS_158',
      difference:
        'checkov accepts any kms_key_id, the ARN of an `alias/aws/...` key or a data source that may look one up ' +
        'included; we refuse them, since the key must be one whose policy the stack writes.',
    },
  ],
  title: 'Log groups are encrypted with a CMK',
  description:
    'CloudWatch Logs always encrypts log data at rest, by default with keys the service owns, which no key policy of ' +
    'the account governs. A log group whose `kms_key_id` names a customer managed key is encrypted with that key: ' +
    "the key policy the stack writes decides who may use it (the logs service, for this account's log groups through " +
    'the `aws:logs:arn` encryption context), each use is logged, and disabling the key makes the data unreadable. ' +
    'The log groups here hold request records, flow logs and function output, so they get the same boundary as the ' +
    "data. An `alias/aws/...` key, or a data source that may look one up, is not the stack's.",
  remediation:
    "Set `kms_key_id` to the ARN of the stack's logs key, whose policy lets `logs.<region>.amazonaws.com` use it for " +
    "this account's log groups.",
  docs: [
    'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html',
    'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_log_group#kms_key_id',
  ],
  appliesTo: ['aws_cloudwatch_log_group'],
  problem: (group, model) => {
    const keyProblem = customerManagedKeyProblem(group.values['kms_key_id'], 'kms_key_id', model);
    return keyProblem && `${label(group)} is not encrypted with a CMK (${keyProblem})`;
  },
});
