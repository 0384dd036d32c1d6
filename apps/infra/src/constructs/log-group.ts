import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Construct } from 'constructs';
import { PlatformStack } from './platform-stack';

export interface EncryptedLogGroupProps {
  readonly name: string;
}

/**
 * The settings of every log group of a stack: the stack's retention and its logs CMK. For log groups that must be
 * plain resources (something `depends_on` them, e.g. the DB instance on its log export groups).
 */
export function encryptedLogGroupSettings(
  scope: Construct,
  name: string,
): { name: string; retentionInDays: number; kmsKeyId: string } {
  const stack = PlatformStack.of(scope);
  // The logs key's policy names every log group it may encrypt.
  stack.keys.allowLogGroup(name);
  return { name, retentionInDays: stack.logRetentionDays, kmsKeyId: stack.keys.logs.arn };
}

/** A log group that never keeps logs forever and is encrypted with the stack's logs key. */
export class EncryptedLogGroup extends Construct {
  readonly name: string;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id);
    const logGroup = new CloudwatchLogGroup(this, 'log-group', encryptedLogGroupSettings(this, props.name));
    this.name = logGroup.name;
    this.arn = logGroup.arn;
  }
}
