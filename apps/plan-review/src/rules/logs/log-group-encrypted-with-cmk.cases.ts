import { defineCases } from '../../testing/cases';
import { synthResource, type SynthJson } from '../../testing/fixtures';
import { logGroupEncryptedWithCmk } from './log-group-encrypted-with-cmk';

const accessLogs = (synth: SynthJson) => synthResource(synth, 'aws_cloudwatch_log_group', 'http-api/access-logs');

export default defineCases({
  rule: logGroupEncryptedWithCmk,
  failing: [
    { variant: 'kms_key_id removed', change: (s) => delete accessLogs(s).kms_key_id },
    {
      variant: 'the ARN of an AWS-managed alias',
      change: (s) => (accessLogs(s).kms_key_id = 'arn:aws:kms:ap-northeast-2:123456789012:alias/aws/logs'),
    },
  ],
  passing: [
    {
      variant: 'the key ARN of a customer managed key, written out',
      change: (s) =>
        (accessLogs(s).kms_key_id = 'arn:aws:kms:ap-northeast-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'),
    },
  ],
});
