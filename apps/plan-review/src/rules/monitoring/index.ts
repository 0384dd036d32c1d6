import type { Rule } from '../rule';
import { alarmHasActions } from './alarm-has-actions';
import { snsTopicEncryptedWithCmk } from './sns-topic-encrypted-with-cmk';
import { statefulAndFunctionsAlarmed } from './stateful-and-functions-alarmed';

/**
 * Alarms and their topic (the monitoring layer): the stateful resources and the functions each have an alarm that
 * pages someone, every alarm has somewhere to send its state, and the alerts topic is encrypted with our own key.
 */
export const monitoringRules: Rule[] = [statefulAndFunctionsAlarmed, alarmHasActions, snsTopicEncryptedWithCmk];
