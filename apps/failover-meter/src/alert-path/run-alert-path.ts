import { randomBytes } from 'node:crypto';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { CommandIo } from '../command';
import { StackOutputsError } from '../drill/stack-outputs';
import { ALERT_PATH_USAGE, parseAlertPathCommandLine, type AlertPathOptions } from './alert-path-options';
import { readAlertPathOutputs, type AlertPathOutputs } from './alert-path-outputs';
import { buildReport, describeCleanup, renderAlertPathJson, renderAlertPathText } from './alert-path-report';
import { CannotRunError, describeAwsError } from './aws-problems';
import { systemClock, type Clock } from './clock';
import {
  awaitDeliveries,
  failed,
  sendAlarm,
  sendDirectPublish,
  type PathOutcome,
  type SentNotification,
} from './delivery';
import { notificationsFailedLastHour, type NotificationsFailed } from './notifications-failed';
import { checkSubscribers, type SubscribersCheck } from './subscribers';
import { isTestQueueSubscription, removeTestQueue, setUpTestQueue, type CreatedResources } from './test-queue';

/** The AWS clients alert-path talks to, all in the topic's region. */
export interface AlertPathClients {
  readonly sns: SNSClient;
  readonly sqs: SQSClient;
  readonly cloudwatch: CloudWatchClient;
}

/** Stand-ins for tests; each defaults to the real thing. */
export interface AlertPathDependencies {
  /** @default SDK clients in `region` with the standard credential chain (AWS_PROFILE, environment, SSO, roles) */
  readonly clients?: (region: string) => AlertPathClients;
  readonly clock?: Clock;
  /** @default a fresh one: UTC time to the second and 6 random hex digits */
  readonly runId?: string;
}

const EXIT_PASSED = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;
const PREFIX = 'failover-meter alert-path';

/** `failover-meter alert-path ...`: returns the exit code; the report goes to stdout, diagnostics to stderr. */
export async function runAlertPath(
  argv: readonly string[],
  io: CommandIo,
  deps: AlertPathDependencies = {},
): Promise<number> {
  const parsed = parseAlertPathCommandLine(argv);
  if (parsed.kind === 'help') {
    io.stdout.write(`${ALERT_PATH_USAGE}\n`);
    return EXIT_PASSED;
  }
  if (parsed.kind === 'invalid') {
    io.stderr.write(`${PREFIX}: ${parsed.message}\n\n${ALERT_PATH_USAGE}\n`);
    return EXIT_USAGE;
  }
  const { options } = parsed;
  let outputs: AlertPathOutputs;
  try {
    outputs = readAlertPathOutputs(options.outputsFile);
  } catch (error) {
    if (!(error instanceof StackOutputsError)) throw error;
    io.stderr.write(`${PREFIX}: ${error.message}\n`);
    return EXIT_USAGE;
  }
  const clock = deps.clock ?? systemClock;
  const run: Run = {
    options,
    outputs,
    runId: deps.runId ?? newRunId(clock.now()),
    clients: (deps.clients ?? defaultClients)(outputs.topic.region),
    clock,
    stop: new AbortController(),
    created: {},
  };
  const unsubscribe = io.onInterrupt(() => {
    if (run.stop.signal.aborted) io.exitNow(130);
    io.stderr.write(`\n${PREFIX}: stopping and cleaning up (Ctrl-C again to quit at once, leaving the test queue)\n`);
    run.stop.abort();
  });
  try {
    let checks: Checks | undefined;
    let failure: unknown;
    try {
      checks = await runChecks(run);
    } catch (error) {
      failure = error;
    }
    // Whatever happened above: what this run created goes, and its removal is reported next to the result.
    const cleanup = await removeTestQueue(run.clients, outputs.topic.region, run.created);
    if (checks === undefined) {
      if (!cleanup.ok) io.stderr.write(`${PREFIX}: cleanup: ${describeCleanup(cleanup)}\n`);
      if (failure instanceof CannotRunError) {
        io.stderr.write(`${PREFIX}: ${failure.message}\n`);
        return EXIT_USAGE;
      }
      throw failure;
    }
    const report = buildReport({ runId: run.runId, outputs, ...checks, cleanup });
    io.stdout.write(`${options.json ? renderAlertPathJson(report) : renderAlertPathText(report)}\n`);
    return report.ok ? EXIT_PASSED : EXIT_FAILED;
  } finally {
    unsubscribe();
  }
}

interface Run {
  readonly options: AlertPathOptions;
  readonly outputs: AlertPathOutputs;
  readonly runId: string;
  readonly clients: AlertPathClients;
  readonly clock: Clock;
  readonly stop: AbortController;
  /** What exists in AWS because of this run; cleanup removes exactly that. */
  readonly created: CreatedResources;
}

interface Checks {
  readonly subscribers: SubscribersCheck;
  readonly paths: readonly PathOutcome[];
  readonly notificationsFailed: NotificationsFailed;
}

/** Subscribers, then both paths, then the failed-deliveries metric. Throws CannotRunError when AWS cannot be used. */
async function runChecks(run: Run): Promise<Checks> {
  const { topic } = run.outputs;
  let subscribers: SubscribersCheck;
  try {
    subscribers = await checkSubscribers(run.clients.sns, topic, (subscription) =>
      isTestQueueSubscription(topic, subscription),
    );
  } catch (error) {
    if (error instanceof CannotRunError) throw error;
    const problem = `listing the subscriptions failed: ${describeAwsError(error)}`;
    subscribers = { ok: false, confirmed: 0, subscribers: [], leftoverTestSubscriptions: 0, problem };
  }
  const paths = await provePaths(run);
  return {
    subscribers,
    paths,
    notificationsFailed: await notificationsFailedLastHour(run.clients.cloudwatch, topic, run.clock.now()),
  };
}

/** The test queue, one notification per path, and the wait for them in the queue. */
async function provePaths(run: Run): Promise<PathOutcome[]> {
  const { topic, testAlarmName } = run.outputs;
  const { signal } = run.stop;
  const wait = { clock: run.clock, timeoutMs: run.options.timeoutMs, signal };
  const neither = (problem: string) => [failed('direct-publish', problem), failed('alarm', problem)];
  if (signal.aborted) return neither('interrupted before the test queue was set up');
  let queue;
  try {
    queue = await setUpTestQueue(run.clients, topic, run.runId, wait, run.created);
  } catch (error) {
    if (error instanceof CannotRunError) throw error;
    if (signal.aborted) return neither('interrupted before sending');
    return neither(`not sent: the test queue could not be set up: ${describeAwsError(error)}`);
  }
  if (signal.aborted) return neither('interrupted before sending');
  const sent = [
    await sendDirectPublish(run.clients.sns, topic, run.runId, run.clock),
    await sendAlarm(run.clients.cloudwatch, topic, testAlarmName, run.runId, run.clock),
  ];
  const inFlight = sent.filter((outcome): outcome is SentNotification => 'sentAt' in outcome);
  const arrived = await awaitDeliveries(run.clients.sqs, { url: queue.url, region: topic.region }, inFlight, wait);
  return sent.map((outcome) =>
    'sentAt' in outcome ? (arrived.find((result) => result.path === outcome.path) as PathOutcome) : outcome,
  );
}

function defaultClients(region: string): AlertPathClients {
  return {
    sns: new SNSClient({ region }),
    sqs: new SQSClient({ region }),
    cloudwatch: new CloudWatchClient({ region }),
  };
}

/** `20250101120000-a1b2c3`: sorts by time, unique enough for one topic, and valid in an SQS queue name. */
function newRunId(now: number): string {
  const stamp = new Date(now).toISOString().replace(/\D/g, '').slice(0, 14);
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}
