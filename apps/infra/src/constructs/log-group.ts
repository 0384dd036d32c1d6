import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Construct } from 'constructs';

export interface EncryptedLogGroupProps {
  /** Must match the logs key's policy pattern: `/aws/<service>/<namePrefix>...`. */
  readonly name: string;
  readonly retentionDays: number;
  /** ARN of the logs key (`EncryptionKeys.logs.arn`). */
  readonly kmsKeyArn: string;
}

/** A log group that never keeps logs forever and is encrypted with our customer-managed key. */
export class EncryptedLogGroup extends Construct {
  readonly name: string;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id);
    const logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: props.name,
      retentionInDays: props.retentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    this.name = logGroup.name;
    this.arn = logGroup.arn;
  }
}
