import type { AlertPathOutputs } from './alert-path-outputs';
import type { PathName, PathOutcome } from './delivery';
import type { NotificationsFailed } from './notifications-failed';
import type { SubscribersCheck } from './subscribers';
import type { CleanupResult } from './test-queue';

export interface AlertPathReport {
  /** A confirmed subscriber exists and every path delivered; cleanup does not change it (it is reported apart). */
  readonly ok: boolean;
  readonly verdict: string;
  readonly runId: string;
  readonly outputs: AlertPathOutputs;
  readonly subscribers: SubscribersCheck;
  readonly paths: readonly PathOutcome[];
  readonly notificationsFailed: NotificationsFailed;
  readonly cleanup: CleanupResult;
}

const PATH_TITLES: Record<PathName, string> = { 'direct-publish': 'Direct publish', alarm: 'Alarm path' };

export function buildReport(facts: Omit<AlertPathReport, 'ok' | 'verdict'>): AlertPathReport {
  const problems = [
    ...(facts.subscribers.problem === undefined ? [] : [facts.subscribers.problem]),
    ...facts.paths.filter((path) => !path.delivered).map((path) => `${PATH_TITLES[path.path]}: ${path.problem}`),
  ];
  const ok = problems.length === 0;
  const cleanupNote = facts.cleanup.ok ? '' : ' (and cleanup failed, see Cleanup)';
  const verdict = ok
    ? `PASS: ${count(facts.subscribers.confirmed, 'confirmed subscriber')} and every test notification delivered` +
      ` (${facts.paths.map((path) => `${PATH_TITLES[path.path].toLowerCase()} ${seconds(path.latencyMs)}`).join(', ')})` +
      cleanupNote
    : `FAIL: ${problems.join('; ')}${cleanupNote}`;
  return { ...facts, ok, verdict };
}

/** One line per check, then the verdict. */
export function renderAlertPathText(report: AlertPathReport): string {
  const { subscribers, notificationsFailed, cleanup } = report;
  const subscriberList = subscribers.subscribers
    .map((subscriber) => `${subscriber.protocol} ${subscriber.endpoint} (${subscriber.state})`)
    .join(', ');
  const leftovers =
    subscribers.leftoverTestSubscriptions === 0
      ? ''
      : `; ${count(subscribers.leftoverTestSubscriptions, 'test queue subscription')} of earlier runs not counted`;
  const lines = [
    `Alert path of ${report.outputs.topic.arn} (run ${report.runId})`,
    `Subscribers:    ${subscribers.ok ? 'PASS' : 'FAIL'} ${count(subscribers.confirmed, 'confirmed')} of ` +
      `${subscribers.subscribers.length}${subscriberList === '' ? '' : `: ${subscriberList}`}${leftovers}` +
      `${subscribers.problem === undefined ? '' : ` (${subscribers.problem})`}`,
    ...report.paths.map(
      (path) =>
        `${`${PATH_TITLES[path.path]}:`.padEnd(16)}${path.delivered ? 'PASS' : 'FAIL'} ` +
        (path.path === 'alarm' ? `${report.outputs.testAlarmName} ALARM ` : 'topic message ') +
        (path.delivered ? `delivered in ${seconds(path.latencyMs)}` : path.problem),
    ),
    `Failed deliveries (last hour): ${
      notificationsFailed.available
        ? `${notificationsFailed.count} (AWS/SNS NumberOfNotificationsFailed)`
        : `unknown (${notificationsFailed.problem})`
    }`,
    `Cleanup:        ${cleanup.ok ? 'OK' : 'FAIL'} ${describeCleanup(cleanup)}`,
    report.verdict,
  ];
  return lines.join('\n');
}

export function renderAlertPathJson(report: AlertPathReport): string {
  const { outputs, subscribers, notificationsFailed, cleanup } = report;
  return JSON.stringify(
    {
      ok: report.ok,
      verdict: report.verdict,
      runId: report.runId,
      topicArn: outputs.topic.arn,
      testAlarmName: outputs.testAlarmName,
      subscribers: {
        ok: subscribers.ok,
        confirmed: subscribers.confirmed,
        subscriptions: subscribers.subscribers,
        leftoverTestSubscriptions: subscribers.leftoverTestSubscriptions,
        problem: subscribers.problem ?? null,
      },
      paths: report.paths.map((path) => ({
        path: path.path,
        delivered: path.delivered,
        latencySeconds: path.latencyMs === undefined ? null : path.latencyMs / 1000,
        problem: path.problem ?? null,
      })),
      notificationsFailedLastHour: notificationsFailed.available ? notificationsFailed.count : null,
      notificationsFailedProblem: notificationsFailed.available ? null : notificationsFailed.problem,
      cleanup: {
        ok: cleanup.ok,
        queueName: cleanup.queueName ?? null,
        removed: cleanup.removed,
        problem: cleanup.problem ?? null,
      },
    },
    null,
    2,
  );
}

export function describeCleanup(cleanup: CleanupResult): string {
  if (!cleanup.ok) return cleanup.problem ?? 'failed';
  if (cleanup.removed.length === 0) return 'nothing was created';
  const what = cleanup.removed.map((thing) => (thing === 'subscription' ? 'unsubscribed' : 'deleted the queue'));
  return `${what.join(' and ')} ${cleanup.queueName ?? ''}`.trimEnd();
}

function seconds(milliseconds: number | undefined): string {
  return milliseconds === undefined ? '?' : `${(milliseconds / 1000).toFixed(1)} s`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 || noun === 'confirmed' ? '' : 's'}`;
}
