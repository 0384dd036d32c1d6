import { defineCases } from '../../testing/cases';
import { alarmHasActions } from './alarm-has-actions';
import { alarm } from './fixture-edits';

export default defineCases({
  rule: alarmHasActions,
  failing: [
    { variant: 'the API 5xx alarm without alarm_actions', change: (s) => delete alarm(s, 'api-5xx').alarm_actions },
    { variant: 'an alarm with actions_enabled=false', change: (s) => (alarm(s, 'db-cpu').actions_enabled = false) },
    { variant: 'an alarm with only ok_actions', change: (s) => (alarm(s, 'db-cpu').alarm_actions = []) },
  ],
  passing: [
    {
      variant: 'an alarm without ok_actions (recommended, not required)',
      change: (s) => delete alarm(s, 'db-cpu').ok_actions,
    },
  ],
});
