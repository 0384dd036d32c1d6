import { defineCases } from '../../testing/cases';
import { addSynthResource } from '../../testing/fixtures';
import { alarmNotifiesTheStackTopic } from './alarm-notifies-the-stack-topic';
import { alarm } from './fixture-edits';

export default defineCases({
  rule: alarmNotifiesTheStackTopic,
  failing: [{ variant: 'alarm_actions = []', change: (s) => (alarm(s, 'db-cpu').alarm_actions = []) }],
  passing: [
    {
      // A second topic of the stack (a pager route for the database), encrypted with the alerts key.
      variant: 'the alarm sent to a second topic of the stack',
      change: (s) => {
        addSynthResource(s, 'aws_sns_topic', 'db-pager', {
          name: 'rds-platform-dev-db-pager',
          kms_master_key_id: '${aws_kms_key.kms_alerts_3C1E9F07.arn}',
        });
        alarm(s, 'db-cpu').alarm_actions = ['${aws_sns_topic.db-pager.arn}'];
      },
    },
  ],
});
