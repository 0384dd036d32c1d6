import { outputValue, readOutputsFile, StackOutputsError } from '../drill/stack-outputs';

/** The alerts topic, from its ARN: every client talks to the topic's region, and the test queue lives beside it. */
export interface Topic {
  readonly arn: string;
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly name: string;
}

/** What `alert-path` needs from `terraform output -json` of a stack. */
export interface AlertPathOutputs {
  readonly topic: Topic;
  readonly testAlarmName: string;
}

// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsns.html#amazonsns-resources-for-iam-policies
const TOPIC_ARN = /^arn:(aws[a-z-]*):sns:([a-z]+(?:-[a-z]+)+-\d+):(\d{12}):([A-Za-z0-9_-]{1,256}(?:\.fifo)?)$/;

export function parseTopicArn(arn: string): Topic | undefined {
  const match = TOPIC_ARN.exec(arn);
  if (match === null) return undefined;
  const [, partition, region, accountId, name] = match;
  return { arn, partition, region, accountId, name };
}

export function readAlertPathOutputs(file: string): AlertPathOutputs {
  const outputs = readOutputsFile(file);
  // Outputs appear once the stack that defines them is applied; an older outputs file simply lacks them.
  const missingHint = `apply the stack, then save its outputs again: terraform -chdir=cdktf.out/stacks/<stack> output -json > ${file}`;
  const value = (name: string) => outputValue(outputs, file, name, { required: true, missingHint }) as string;
  const topicArn = value('alerts_topic_arn');
  const topic = parseTopicArn(topicArn);
  if (topic === undefined) {
    throw new StackOutputsError(`${file}: output "alerts_topic_arn" must be an SNS topic ARN, got "${topicArn}"`);
  }
  return { topic, testAlarmName: value('alert_path_test_alarm_name') };
}
