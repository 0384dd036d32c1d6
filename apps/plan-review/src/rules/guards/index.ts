import type { Rule } from '../rule';
import { alarmCanFire } from './alarm-can-fire';
import { alarmNotifiesTheStackTopic } from './alarm-notifies-the-stack-topic';
import { alarmThresholdInConfiguredBand } from './alarm-threshold-in-configured-band';
import { alarmWatchesAPublishedMetric } from './alarm-watches-a-published-metric';
import { alarmWatchesAResourceOfTheStack } from './alarm-watches-a-resource-of-the-stack';
import { alertSourcesEnabled } from './alert-sources-enabled';
import { alertsReachASubscriber } from './alerts-reach-a-subscriber';
import { dbEventsIncludeFailures } from './db-events-include-failures';
import { eventPatternNamesRealEvents } from './event-pattern-names-real-events';
import { eventRuleDeliversOrIsCounted } from './event-rule-delivers-or-is-counted';
import { fisExperimentStopsOnAlarms } from './fis-experiment-stops-on-alarms';

/**
 * Guards that keep guarding: an alarm, a rule or an event subscription that exists but can no longer page anyone is
 * as good as none, and no pattern rule notices it. Each invariant below holds for every guard of the stack.
 */
export const guardRules: Rule[] = [
  alarmCanFire,
  alarmNotifiesTheStackTopic,
  alertSourcesEnabled,
  alarmWatchesAPublishedMetric,
  alarmWatchesAResourceOfTheStack,
  alarmThresholdInConfiguredBand,
  alertsReachASubscriber,
  eventRuleDeliversOrIsCounted,
  dbEventsIncludeFailures,
  fisExperimentStopsOnAlarms,
  eventPatternNamesRealEvents,
];
