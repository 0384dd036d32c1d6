import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  SetAlarmStateCommand,
  type MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import {
  GetSubscriptionAttributesCommand,
  ListSubscriptionsByTopicCommand,
  PublishCommand,
  SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { runCommand, type CommandIo } from '../command';
import type { Clock } from './clock';
import { runAlertPath } from './run-alert-path';

// Nothing here reaches AWS: every client is a mock, and a fake clock lets a 120 s long-polling wait pass at once.
const sns = mockClient(SNSClient);
const sqs = mockClient(SQSClient);
const cloudwatch = mockClient(CloudWatchClient);

const TOPIC = 'arn:aws:sns:ap-northeast-2:123456789012:app-dev-alerts';
const ALARM = 'app-dev-alert-path-test';
const RUN_ID = '20250101120000-abc123';
const QUEUE_NAME = `app-dev-alerts-alert-path-test-${RUN_ID}`;
const QUEUE_ARN = `arn:aws:sqs:ap-northeast-2:123456789012:${QUEUE_NAME}`;
const QUEUE_URL = `https://sqs.ap-northeast-2.amazonaws.com/123456789012/${QUEUE_NAME}`;
const TEST_SUBSCRIPTION = `${TOPIC}:11111111-2222-3333-4444-555555555555`;
const START = Date.UTC(2025, 0, 1, 12, 0, 0);

const EMAIL = { Protocol: 'email', Endpoint: 'oncall@example.com', SubscriptionArn: `${TOPIC}:aaaa` };
const WEBHOOK = {
  Protocol: 'https',
  Endpoint: 'https://hooks.example.com/services/T000/B000/s3cr3tT0k3n?token=abc',
  SubscriptionArn: 'PendingConfirmation',
};

/** A clock that only moves when the code under test sleeps or long-polls. */
function fakeClock(): Clock & { advanceTo(at: number): void } {
  let now = START;
  return {
    now: () => now,
    sleep: async (milliseconds, signal) => {
      if (!signal?.aborted) now += milliseconds;
    },
    advanceTo: (at) => (now = Math.max(now, at)),
  };
}

let clock: ReturnType<typeof fakeClock>;
/** Messages SNS has "delivered" to the test queue, each visible from `at`. */
let inFlight: { body: string; at: number }[];

function deliver(message: object, afterMs: number) {
  inFlight.push({
    body: JSON.stringify({ Type: 'Notification', TopicArn: TOPIC, ...message }),
    at: clock.now() + afterMs,
  });
}

/** ReceiveMessage with long polling: returns what is visible within WaitTimeSeconds, moving the clock to then. */
function longPoll(input: { WaitTimeSeconds?: number }) {
  const until = clock.now() + (input.WaitTimeSeconds ?? 0) * 1000;
  const first = Math.min(...inFlight.map((message) => message.at));
  clock.advanceTo(Math.min(first, until));
  const ready = inFlight.filter((message) => message.at <= clock.now());
  inFlight = inFlight.filter((message) => !ready.includes(message));
  return { Messages: ready.map((message, index) => ({ MessageId: `m${index}`, Body: message.body })) };
}

function alarmState(overrides: Partial<MetricAlarm> = {}): MetricAlarm {
  return {
    AlarmName: ALARM,
    StateValue: 'OK',
    ActionsEnabled: true,
    AlarmActions: [TOPIC],
    OKActions: [TOPIC],
    ...overrides,
  };
}

/** The happy world: one confirmed e-mail (over two pages), SNS delivering in 1.2 s, the alarm's message in 8 s. */
function healthyAws() {
  sns
    .on(ListSubscriptionsByTopicCommand)
    .resolvesOnce({ Subscriptions: [EMAIL], NextToken: 'page-2' })
    .resolves({ Subscriptions: [WEBHOOK] });
  sqs.on(CreateQueueCommand).resolves({ QueueUrl: QUEUE_URL });
  sns.on(SubscribeCommand).resolves({ SubscriptionArn: TEST_SUBSCRIPTION });
  sns
    .on(GetSubscriptionAttributesCommand)
    .resolvesOnce({ Attributes: { PendingConfirmation: 'true' } })
    .resolves({ Attributes: { PendingConfirmation: 'false' } });
  sns.on(PublishCommand).callsFake((input) => {
    deliver({ Subject: input.Subject, Message: input.Message }, 1200);
    return { MessageId: 'published-1' };
  });
  cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [alarmState()] });
  cloudwatch.on(SetAlarmStateCommand).callsFake((input) => {
    const message = { AlarmName: input.AlarmName, NewStateValue: input.StateValue, NewStateReason: input.StateReason };
    deliver({ Subject: `${input.StateValue}: "${ALARM}"`, Message: JSON.stringify(message) }, 8000);
    return {};
  });
  sqs.on(ReceiveMessageCommand).callsFake(longPoll);
  cloudwatch.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'failed', Values: [0, 2, 1] }] });
  sns.on(UnsubscribeCommand).resolves({});
  sqs.on(DeleteQueueCommand).resolves({});
}

let dir: string;
function outputsFile(outputs: Record<string, unknown> = DEV_OUTPUTS): string {
  const file = path.join(dir, 'dev-outputs.json');
  writeFileSync(file, JSON.stringify(outputs));
  return file;
}
const DEV_OUTPUTS = {
  api_url: { value: 'https://abc123.execute-api.ap-northeast-2.amazonaws.com', type: 'string', sensitive: false },
  alerts_topic_arn: { value: TOPIC, type: 'string', sensitive: false },
  alert_path_test_alarm_name: { value: ALARM, type: 'string', sensitive: false },
};

function fakeIo(onInterrupt: CommandIo['onInterrupt'] = () => () => undefined) {
  const stdout = Object.assign(new PassThrough(), { isTTY: false }) as unknown as NodeJS.WriteStream;
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += chunk));
  stderr.on('data', (chunk) => (err += chunk));
  const io: CommandIo = { stdout, stderr, env: {}, onInterrupt, exitNow: () => undefined };
  return { io, output: () => ({ out, err }) };
}

const deps = () => ({
  clients: () => ({
    sns: new SNSClient({ region: 'ap-northeast-2' }),
    sqs: new SQSClient({ region: 'ap-northeast-2' }),
    cloudwatch: new CloudWatchClient({ region: 'ap-northeast-2' }),
  }),
  clock,
  runId: RUN_ID,
});

async function alertPath(args: string[], io = fakeIo()) {
  const code = await runAlertPath(args, io.io, deps());
  const { out, err } = io.output();
  return { code, out, err };
}

async function alertPathJson(extra: string[] = []) {
  const { code, out, err } = await alertPath(['--outputs', outputsFile(), '--json', ...extra]);
  return { code, err, report: out === '' ? undefined : JSON.parse(out) };
}

const cleanedUp = () => {
  expect(sns.commandCalls(UnsubscribeCommand).map((call) => call.args[0].input)).toEqual([
    { SubscriptionArn: TEST_SUBSCRIPTION },
  ]);
  expect(sqs.commandCalls(DeleteQueueCommand).map((call) => call.args[0].input)).toEqual([{ QueueUrl: QUEUE_URL }]);
};

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'alert-path-spec-'));
  sns.reset();
  sqs.reset();
  cloudwatch.reset();
  clock = fakeClock();
  inFlight = [];
  healthyAws();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('alert-path: everything works', () => {
  it('reports a confirmed subscriber and both paths delivered, with latencies, then cleans up (exit 0)', async () => {
    const { code, err, report } = await alertPathJson();

    expect(err).toBe('');
    expect(code).toBe(0);
    expect(report).toEqual({
      ok: true,
      verdict:
        'PASS: 1 confirmed subscriber and every test notification delivered (direct publish 1.2 s, alarm path 8.0 s)',
      runId: RUN_ID,
      topicArn: TOPIC,
      testAlarmName: ALARM,
      subscribers: {
        ok: true,
        confirmed: 1,
        subscriptions: [
          { protocol: 'email', endpoint: 'o***@example.com', confirmed: true, state: 'confirmed' },
          {
            protocol: 'https',
            endpoint: 'https://hooks.example.com/…',
            confirmed: false,
            state: 'pending confirmation',
          },
        ],
        leftoverTestSubscriptions: 0,
        problem: null,
      },
      paths: [
        { path: 'direct-publish', delivered: true, latencySeconds: 1.2, problem: null },
        { path: 'alarm', delivered: true, latencySeconds: 8, problem: null },
      ],
      notificationsFailedLastHour: 3,
      notificationsFailedProblem: null,
      cleanup: { ok: true, queueName: QUEUE_NAME, removed: ['subscription', 'queue'], problem: null },
    });
    cleanedUp();
  });

  it('lists the subscriptions page by page', async () => {
    await alertPathJson();

    expect(sns.commandCalls(ListSubscriptionsByTopicCommand).map((call) => call.args[0].input)).toEqual([
      { TopicArn: TOPIC, NextToken: undefined },
      { TopicArn: TOPIC, NextToken: 'page-2' },
    ]);
  });

  it('prints one line per check and the verdict, never a full e-mail address or webhook token', async () => {
    const { code, out } = await alertPath(['--outputs', outputsFile()]);

    expect(code).toBe(0);
    expect(out).toBe(
      [
        `Alert path of ${TOPIC} (run ${RUN_ID})`,
        'Subscribers:    PASS 1 confirmed of 2: email o***@example.com (confirmed), https https://hooks.example.com/… (pending confirmation)',
        'Direct publish: PASS topic message delivered in 1.2 s',
        `Alarm path:     PASS ${ALARM} ALARM delivered in 8.0 s`,
        'Failed deliveries (last hour): 3 (AWS/SNS NumberOfNotificationsFailed)',
        `Cleanup:        OK unsubscribed and deleted the queue ${QUEUE_NAME}`,
        'PASS: 1 confirmed subscriber and every test notification delivered (direct publish 1.2 s, alarm path 8.0 s)',
        '',
      ].join('\n'),
    );
    expect(out).not.toContain('oncall@');
    expect(out).not.toContain('s3cr3t');
    expect(out).not.toContain('token=');
  });

  it('sends a direct publish and sets the test alarm to ALARM, each carrying the run id', async () => {
    await alertPathJson();

    const [publish] = sns.commandCalls(PublishCommand).map((call) => call.args[0].input);
    expect(publish.TopicArn).toBe(TOPIC);
    expect(publish.Subject).toContain(RUN_ID);
    expect(publish.Message).toContain(RUN_ID);
    expect(cloudwatch.commandCalls(DescribeAlarmsCommand)[0].args[0].input).toEqual({ AlarmNames: [ALARM] });
    const states = cloudwatch.commandCalls(SetAlarmStateCommand).map((call) => call.args[0].input);
    expect(states).toEqual([{ AlarmName: ALARM, StateValue: 'ALARM', StateReason: expect.stringContaining(RUN_ID) }]);
  });

  it('sets an alarm that is already in ALARM to OK first, since only a change of state notifies', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [alarmState({ StateValue: 'ALARM' })] });

    const { code } = await alertPathJson();

    expect(code).toBe(0);
    expect(cloudwatch.commandCalls(SetAlarmStateCommand).map((call) => call.args[0].input.StateValue)).toEqual([
      'OK',
      'ALARM',
    ]);
  });

  it('reads AWS/SNS NumberOfNotificationsFailed of the topic over the last hour', async () => {
    await alertPathJson();

    const [query] = cloudwatch.commandCalls(GetMetricDataCommand).map((call) => call.args[0].input);
    expect(query.MetricDataQueries?.[0].MetricStat).toEqual({
      Metric: {
        Namespace: 'AWS/SNS',
        MetricName: 'NumberOfNotificationsFailed',
        Dimensions: [{ Name: 'TopicName', Value: 'app-dev-alerts' }],
      },
      Period: 60,
      Stat: 'Sum',
    });
    expect((query.EndTime as Date).getTime() - (query.StartTime as Date).getTime()).toBe(3600_000);
  });

  it('is reached through `failover-meter alert-path`', async () => {
    const { io, output } = fakeIo();

    const code = await runCommand(['alert-path', '--outputs', outputsFile(), '--json'], io, { alertPath: deps() });

    expect(code).toBe(0);
    expect(JSON.parse(output().out).ok).toBe(true);
  });
});

describe('alert-path: the test queue', () => {
  it('lets only SNS send to it, and only from the alerts topic; encrypted with SQS-owned keys', async () => {
    await alertPathJson();

    const [create] = sqs.commandCalls(CreateQueueCommand).map((call) => call.args[0].input);
    expect(create.QueueName).toBe(QUEUE_NAME);
    expect(create.Attributes?.SqsManagedSseEnabled).toBe('true');
    const policy = JSON.parse(create.Attributes?.Policy ?? '{}');
    expect(policy.Statement).toHaveLength(1);
    expect(policy.Statement[0]).toEqual({
      Sid: 'OnlyTheAlertsTopicSends',
      Effect: 'Allow',
      Principal: { Service: 'sns.amazonaws.com' },
      Action: 'sqs:SendMessage',
      Resource: QUEUE_ARN,
      Condition: { ArnEquals: { 'aws:SourceArn': TOPIC } },
    });
  });

  it('subscribes the queue (not raw) and waits until the subscription is confirmed', async () => {
    await alertPathJson();

    expect(sns.commandCalls(SubscribeCommand).map((call) => call.args[0].input)).toEqual([
      {
        TopicArn: TOPIC,
        Protocol: 'sqs',
        Endpoint: QUEUE_ARN,
        ReturnSubscriptionArn: true,
        Attributes: { RawMessageDelivery: 'false' },
      },
    ]);
    expect(sns.commandCalls(GetSubscriptionAttributesCommand)).toHaveLength(2);
    const order = sns.calls().map((call) => (call.args[0] as object).constructor.name);
    expect(order.lastIndexOf('GetSubscriptionAttributesCommand')).toBeLessThan(order.indexOf('PublishCommand'));
  });

  it('fails both paths (and still deletes the queue) when the subscription never gets confirmed', async () => {
    sns.on(GetSubscriptionAttributesCommand).resolves({ Attributes: { PendingConfirmation: 'true' } });

    const { code, report } = await alertPathJson(['--timeout-seconds', '10']);

    expect(code).toBe(1);
    expect(report.paths.map((p: { problem: string }) => p.problem)).toEqual([
      'not sent: the test queue could not be set up: Error: the test subscription was still pending confirmation after 10 s',
      'not sent: the test queue could not be set up: Error: the test subscription was still pending confirmation after 10 s',
    ]);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
    cleanedUp();
  });
});

describe('alert-path: nobody would be paged', () => {
  it('fails when no subscription is confirmed, while still proving both paths', async () => {
    sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [WEBHOOK] });

    const { code, report } = await alertPathJson();

    expect(code).toBe(1);
    expect(report.subscribers).toMatchObject({ ok: false, confirmed: 0 });
    expect(report.verdict).toBe(
      'FAIL: no subscription is confirmed: nobody would be paged until a subscriber confirms',
    );
    expect(report.paths.every((p: { delivered: boolean }) => p.delivered)).toBe(true);
    cleanedUp();
  });

  it('fails when the topic has no subscriber at all', async () => {
    sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [] });

    const { code, report } = await alertPathJson();

    expect(code).toBe(1);
    expect(report.verdict).toBe('FAIL: the topic has no subscriber: nobody would be paged');
  });

  it('does not count the confirmed test queue of an earlier run that was killed before cleaning up', async () => {
    const leftover = {
      Protocol: 'sqs',
      Endpoint: 'arn:aws:sqs:ap-northeast-2:123456789012:app-dev-alerts-alert-path-test-20241231000000-ffffff',
      SubscriptionArn: `${TOPIC}:old`,
    };
    sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [leftover, WEBHOOK] });

    const { code, report } = await alertPathJson();

    expect(code).toBe(1);
    expect(report.subscribers).toMatchObject({ confirmed: 0, leftoverTestSubscriptions: 1 });
    expect(report.subscribers.subscriptions).toHaveLength(1);
  });
});

describe('alert-path: a path that does not deliver', () => {
  it('reports the alarm path not delivered within the timeout, having long-polled (at most 20 s a poll) until then', async () => {
    cloudwatch.on(SetAlarmStateCommand).resolves({});

    const { code, report } = await alertPathJson();

    expect(code).toBe(1);
    expect(report.paths).toEqual([
      { path: 'direct-publish', delivered: true, latencySeconds: 1.2, problem: null },
      { path: 'alarm', delivered: false, latencySeconds: null, problem: 'not delivered within 120 s' },
    ]);
    expect(report.verdict).toBe('FAIL: Alarm path: not delivered within 120 s');
    const waits = sqs.commandCalls(ReceiveMessageCommand).map((call) => call.args[0].input.WaitTimeSeconds ?? 0);
    expect(Math.max(...waits)).toBeLessThanOrEqual(20);
    expect(waits.reduce((sum, wait) => sum + wait, 0)).toBeGreaterThanOrEqual(120);
    cleanedUp();
  });

  it('does not take an alarm notification of another run, or the OK of this one, for this run', async () => {
    cloudwatch.on(SetAlarmStateCommand).callsFake((input) => {
      const other = { AlarmName: ALARM, NewStateValue: 'ALARM', NewStateReason: 'alert path self-test 2024-other' };
      const ok = { AlarmName: ALARM, NewStateValue: 'OK', NewStateReason: input.StateReason };
      deliver({ Message: JSON.stringify(other) }, 1000);
      deliver({ Message: JSON.stringify(ok) }, 2000);
      return {};
    });

    const { code, report } = await alertPathJson(['--timeout-seconds', '30']);

    expect(code).toBe(1);
    expect(report.paths[1]).toMatchObject({ delivered: false, problem: 'not delivered within 30 s' });
  });

  it('fails the alarm path at once when the test alarm does not exist', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });

    const { code, report } = await alertPathJson();

    expect(code).toBe(1);
    expect(report.paths[1].problem).toBe(`the alarm "${ALARM}" does not exist (apply the stack first)`);
    expect(cloudwatch.commandCalls(SetAlarmStateCommand)).toHaveLength(0);
  });

  it('fails the alarm path at once when the test alarm does not notify the topic', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [alarmState({ AlarmActions: [] })] });

    const { report } = await alertPathJson();

    expect(report.paths[1].problem).toBe(`the alarm "${ALARM}" does not notify app-dev-alerts on ALARM`);
  });

  it('cleans up after a path failed to send', async () => {
    sns.on(PublishCommand).rejects(Object.assign(new Error('Key is disabled'), { name: 'KMSDisabledException' }));

    const { code, report } = await alertPathJson();

    expect(code).toBe(1);
    expect(report.paths[0]).toMatchObject({
      delivered: false,
      problem: 'not sent: KMSDisabledException: Key is disabled',
    });
    expect(report.paths[1].delivered).toBe(true);
    cleanedUp();
  });
});

describe('alert-path: cleanup', () => {
  it('reports a queue it could not delete, with the command to do it, without hiding the result', async () => {
    sqs.on(DeleteQueueCommand).rejects(Object.assign(new Error('Throttled'), { name: 'RequestThrottled' }));

    const { code, report } = await alertPathJson();

    expect(code).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.verdict).toMatch(/^PASS: .* \(and cleanup failed, see Cleanup\)$/);
    expect(report.cleanup).toEqual({
      ok: false,
      queueName: QUEUE_NAME,
      removed: ['subscription'],
      problem: `the test queue is still there (RequestThrottled: Throttled): aws sqs delete-queue --queue-url ${QUEUE_URL}`,
    });
  });

  it('keeps the queue when unsubscribing failed, so SNS never delivers alerts to a missing queue', async () => {
    sns.on(UnsubscribeCommand).rejects(Object.assign(new Error('Throttled'), { name: 'Throttling' }));

    const { report } = await alertPathJson();

    expect(sqs.commandCalls(DeleteQueueCommand)).toHaveLength(0);
    expect(report.cleanup.ok).toBe(false);
    expect(report.cleanup.removed).toEqual([]);
    expect(report.cleanup.problem).toContain('the test queue was kept for the subscription');
  });

  it('stops waiting at Ctrl-C, cleans up and reports the paths as interrupted', async () => {
    let interrupt = () => undefined as void;
    const io = fakeIo((listener) => ((interrupt = listener), () => undefined));
    sqs.on(ReceiveMessageCommand).callsFake(() => {
      interrupt();
      return {};
    });

    const code = await runAlertPath(['--outputs', outputsFile(), '--json'], io.io, deps());

    expect(code).toBe(1);
    const { out, err } = io.output();
    expect(err).toContain('stopping and cleaning up');
    expect(JSON.parse(out).paths.map((p: { problem: string }) => p.problem)).toEqual([
      'interrupted before it arrived',
      'interrupted before it arrived',
    ]);
    expect(sqs.commandCalls(ReceiveMessageCommand)).toHaveLength(1);
    cleanedUp();
  });

  it('sends nothing and cleans up when Ctrl-C comes while the queue is being set up', async () => {
    let interrupt = () => undefined as void;
    const io = fakeIo((listener) => ((interrupt = listener), () => undefined));
    sns.on(SubscribeCommand).callsFake(() => {
      interrupt();
      return { SubscriptionArn: TEST_SUBSCRIPTION };
    });
    sns.on(GetSubscriptionAttributesCommand).resolves({ Attributes: { PendingConfirmation: 'true' } });

    const code = await runAlertPath(['--outputs', outputsFile(), '--json'], io.io, deps());

    expect(code).toBe(1);
    expect(JSON.parse(io.output().out).verdict).toBe(
      'FAIL: Direct publish: interrupted before sending; Alarm path: interrupted before sending',
    );
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
    expect(cloudwatch.commandCalls(SetAlarmStateCommand)).toHaveLength(0);
    cleanedUp();
  });
});

describe('alert-path: the check cannot run (exit 2, one line on stderr, nothing on stdout)', () => {
  it('says how to provide credentials when the SDK finds none', async () => {
    // What the SDK's default chain throws when no provider has credentials (checked against client-sns 3.1169).
    const noCredentials = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
      tryNextLink: false,
    });
    sns.on(ListSubscriptionsByTopicCommand).rejects(noCredentials);

    const { code, out, err } = await alertPath(['--outputs', outputsFile(), '--json']);

    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/^failover-meter alert-path: no AWS credentials found: set AWS_PROFILE .*\n$/);
    expect(sqs.calls()).toHaveLength(0);
  });

  it('names the denied action, and deletes the queue it had created already', async () => {
    sns.on(SubscribeCommand).rejects(
      Object.assign(
        new Error('User: arn:aws:sts::123456789012:assumed-role/deploy/ci is not authorized to perform: SNS:Subscribe'),
        {
          name: 'AuthorizationError',
        },
      ),
    );

    const { code, out, err } = await alertPath(['--outputs', outputsFile()]);

    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(
      'failover-meter alert-path: access denied to sns:Subscribe (AuthorizationError): User: ' +
        'arn:aws:sts::123456789012:assumed-role/deploy/ci is not authorized to perform: SNS:Subscribe\n',
    );
    expect(sqs.commandCalls(DeleteQueueCommand).map((call) => call.args[0].input)).toEqual([{ QueueUrl: QUEUE_URL }]);
    expect(sns.commandCalls(UnsubscribeCommand)).toHaveLength(0);
  });

  it('also reports a failed cleanup on stderr', async () => {
    const denied = Object.assign(new Error('not authorized'), { name: 'AccessDenied' });
    sns.on(PublishCommand).rejects(Object.assign(new Error('expired'), { name: 'ExpiredToken' }));
    sqs.on(DeleteQueueCommand).rejects(denied);

    const { code, err } = await alertPath(['--outputs', outputsFile()]);

    expect(code).toBe(2);
    expect(err.split('\n')).toEqual([
      `failover-meter alert-path: cleanup: the test queue is still there (access denied to sqs:DeleteQueue (AccessDenied): not authorized): aws sqs delete-queue --queue-url ${QUEUE_URL}`,
      'failover-meter alert-path: the AWS credentials have expired (ExpiredToken): log in again or refresh them',
      '',
    ]);
    expect(sns.commandCalls(UnsubscribeCommand)).toHaveLength(1);
  });

  it('says that AWS cannot be reached (e.g. no network or a wrong region)', async () => {
    sns
      .on(ListSubscriptionsByTopicCommand)
      .rejects(
        Object.assign(new Error('getaddrinfo ENOTFOUND sns.ap-northeast-2.amazonaws.com'), { code: 'ENOTFOUND' }),
      );

    const { code, err } = await alertPath(['--outputs', outputsFile()]);

    expect(code).toBe(2);
    expect(err).toBe(
      "failover-meter alert-path: cannot reach AWS in ap-northeast-2 for sns:ListSubscriptionsByTopic (ENOTFOUND): check the network and the topic's region\n",
    );
  });
});

describe('alert-path: usage errors (exit 2, one line, no AWS call)', () => {
  const noAwsCalls = () => {
    expect(sns.calls()).toHaveLength(0);
    expect(sqs.calls()).toHaveLength(0);
    expect(cloudwatch.calls()).toHaveLength(0);
  };

  it.each([
    [
      'a missing file',
      () => path.join(dir, 'nope.json'),
      /^failover-meter alert-path: cannot read .*nope\.json: no such file\n$/,
    ],
    [
      'a file that is not JSON',
      () => {
        writeFileSync(path.join(dir, 'bad.json'), 'alerts_topic_arn = "x"');
        return path.join(dir, 'bad.json');
      },
      /^failover-meter alert-path: .*bad\.json is not JSON: write it with `npx nx run infra:outputs --env=<stack>` \(dist\/outputs\/<stack>\.json\) or `terraform output -json > .*bad\.json`\n$/,
    ],
    [
      'outputs without alerts_topic_arn',
      () => outputsFile({ alert_path_test_alarm_name: DEV_OUTPUTS.alert_path_test_alarm_name }),
      /^failover-meter alert-path: .*dev-outputs\.json has no output "alerts_topic_arn": apply the stack, then save its outputs again: terraform -chdir=cdktf\.out\/stacks\/<stack> output -json > .*dev-outputs\.json\n$/,
    ],
    [
      'outputs from before the test alarm existed',
      () => outputsFile({ alerts_topic_arn: DEV_OUTPUTS.alerts_topic_arn }),
      /^failover-meter alert-path: .*dev-outputs\.json has no output "alert_path_test_alarm_name": apply the stack, then save its outputs again: .*\n$/,
    ],
    [
      'a topic ARN that is not one',
      () => outputsFile({ ...DEV_OUTPUTS, alerts_topic_arn: { value: 'app-dev-alerts' } }),
      /^failover-meter alert-path: .*: output "alerts_topic_arn" must be an SNS topic ARN, got "app-dev-alerts"\n$/,
    ],
    [
      'an empty alarm name',
      () => outputsFile({ ...DEV_OUTPUTS, alert_path_test_alarm_name: { value: ' ' } }),
      /^failover-meter alert-path: .*: output "alert_path_test_alarm_name" must have a non-empty string value\n$/,
    ],
  ])('%s', async (_name, file, message) => {
    const { code, out, err } = await alertPath(['--outputs', file(), '--json']);

    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(out).toBe('');
    noAwsCalls();
  });

  it.each([
    [[], /^failover-meter alert-path: --outputs <terraform-outputs\.json> is required\n\nUsage: /],
    [
      ['--outputs', 'x.json', '--timeout-seconds', 'soon'],
      /--timeout-seconds must be a number of seconds > 0, got "soon"/,
    ],
    [['--outputs', 'x.json', '--run-id', 'r'], /Unknown option '--run-id'/],
  ])('%j prints the usage', async (args, message) => {
    const { code, err } = await alertPath(args);

    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err).toContain('Usage: failover-meter alert-path --outputs');
    noAwsCalls();
  });

  it('--help prints the usage on stdout', async () => {
    const { code, out } = await alertPath(['--help']);

    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: failover-meter alert-path /);
  });
});
