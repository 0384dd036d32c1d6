import { parseArgs } from 'node:util';
import { InvalidOption, type Parsed, parseSeconds } from '../options';

export interface AlertPathOptions {
  readonly outputsFile: string;
  /** How long each path may take from sending its test notification to the message in the test queue. */
  readonly timeoutMs: number;
  readonly json: boolean;
}

export type ParsedAlertPathCommandLine = Parsed<AlertPathOptions>;

export const ALERT_PATH_USAGE = `Usage: failover-meter alert-path --outputs <terraform-outputs.json> [--timeout-seconds <n>] [--json]

Proves that the stack's alerts reach someone: checks that the alerts topic has a confirmed subscriber, subscribes a
temporary SQS queue to the topic, sends a test notification through each path (a direct Publish, and the test
alarm set to ALARM with SetAlarmState), waits for both in the queue, then unsubscribes and deletes the queue (also
after a failure or Ctrl-C). Subscribers get the test notifications too (and the alarm's OK when it re-evaluates).

  --outputs <file>           \`terraform output -json\` of the stack: alerts_topic_arn and alert_path_test_alarm_name
                             (terraform -chdir=cdktf.out/stacks/<stack> output -json > <file>)
  --timeout-seconds <n>      how long each test notification may take to arrive (default 120)
  --json                     print the report as one JSON object

AWS: the standard credential chain (AWS_PROFILE, environment, SSO, role); the region is the topic's. The caller needs
sns:ListSubscriptionsByTopic, Subscribe, GetSubscriptionAttributes, Unsubscribe, Publish (and kms:GenerateDataKey* /
kms:Decrypt on the topic's key through SNS), sqs:CreateQueue, TagQueue, ReceiveMessage, DeleteQueue,
cloudwatch:DescribeAlarms, SetAlarmState and GetMetricData.

Exit codes: 0 every path delivered and a confirmed subscriber exists; 1 a check failed (no confirmed subscriber, a
path not delivered in time, interrupted); 2 the check could not run (options, outputs file, credentials, region,
access denied, AWS unreachable). A failed cleanup is reported (with the command to finish it by hand) but does not
change the exit code.`;

export function parseAlertPathCommandLine(argv: readonly string[]): ParsedAlertPathCommandLine {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        outputs: { type: 'string' },
        'timeout-seconds': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    return { kind: 'invalid', message: (error as Error).message };
  }
  if (values.help) return { kind: 'help' };
  try {
    if (values.outputs === undefined || values.outputs.trim() === '') {
      throw new InvalidOption('--outputs <terraform-outputs.json> is required');
    }
    return {
      kind: 'run',
      options: {
        outputsFile: values.outputs,
        timeoutMs: parseSeconds('--timeout-seconds', values['timeout-seconds'], 120, { allowZero: false }),
        json: values.json,
      },
    };
  } catch (error) {
    if (error instanceof InvalidOption) return { kind: 'invalid', message: error.message };
    throw error;
  }
}
