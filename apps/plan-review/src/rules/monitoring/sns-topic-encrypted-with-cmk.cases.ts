import { defineCases } from '../../testing/cases';
import { addSynthResource } from '../../testing/fixtures';
import { topic } from './fixture-edits';
import { snsTopicEncryptedWithCmk } from './sns-topic-encrypted-with-cmk';

export default defineCases({
  rule: snsTopicEncryptedWithCmk,
  failing: [
    { variant: 'kms_master_key_id = alias/aws/sns', change: (s) => (topic(s).kms_master_key_id = 'alias/aws/sns') },
    { variant: 'a topic without kms_master_key_id', change: (s) => delete topic(s).kms_master_key_id },
    {
      variant: 'the ARN of the AWS-managed alias',
      change: (s) => (topic(s).kms_master_key_id = 'arn:aws:kms:ap-northeast-2:123456789012:alias/aws/sns'),
    },
    {
      variant: 'a key looked up by a data source (it may be alias/aws/sns)',
      change: (s) => (topic(s).kms_master_key_id = '${data.aws_kms_alias.sns.target_key_arn}'),
    },
  ],
  passing: [
    {
      variant: 'a key ARN',
      change: (s) =>
        (topic(s).kms_master_key_id =
          'arn:aws:kms:ap-northeast-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'),
    },
    {
      variant: 'the name of an alias of this stack',
      change: (s) => {
        addSynthResource(s, 'aws_kms_alias', 'alerts-alias', {
          name: 'alias/rds-platform-dev-alerts',
          target_key_id: '${aws_kms_key.kms_alerts_3C1E9F07.key_id}',
        });
        topic(s).kms_master_key_id = 'alias/rds-platform-dev-alerts';
      },
    },
  ],
});
