import { defineCases } from '../../testing/cases';
import { alarmCanFire } from './alarm-can-fire';
import { alarm } from './fixture-edits';

export default defineCases({
  rule: alarmCanFire,
  failing: [
    // A guard that exists but no longer guards: its actions switched off.
    { variant: 'actions_enabled = false', change: (s) => (alarm(s, 'db-cpu').actions_enabled = false) },
  ],
  passing: [
    {
      // An "M out of N" alarm: 3 breaching datapoints of the last 5 (alarm-evaluation.html).
      variant: '3 datapoints to alarm out of 5 evaluation periods',
      change: (s) => Object.assign(alarm(s, 'db-cpu'), { evaluation_periods: 5, datapoints_to_alarm: 3 }),
    },
  ],
});
