import { LocalBackend, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import type { StateConfig } from '../config/state-config';
import { PlatformStack } from '../constructs/platform-stack';
import { StateBucket } from '../constructs/state-bucket';
import { addAwsProvider, type SynthVariant } from './stack-settings';

export interface StateStackProps {
  readonly config: StateConfig;
  readonly variant: SynthVariant;
  /**
   * Where the state stack keeps its own state (it cannot live in the bucket it creates), relative to the stack folder.
   * @default 'terraform.tfstate' (inside the stack folder)
   */
  readonly localStatePath?: string;
}

/** Deployed once, before any environment: the bucket and key that hold every environment's state. */
export class StateStack extends PlatformStack {
  constructor(scope: Construct, id: string, props: StateStackProps) {
    super(scope, id, props.config);
    addAwsProvider(this, props.variant, props.config);
    new LocalBackend(this, { path: props.localStatePath ?? 'terraform.tfstate' });
    const bucket = new StateBucket(this, 'state-bucket', props.config);
    new TerraformOutput(this, 'state_bucket_name', {
      value: bucket.bucketName,
      description: 'The name of the S3 bucket holding every environment stack state',
    });
    new TerraformOutput(this, 'state_kms_key_arn', {
      value: bucket.kmsKeyArn,
      description: 'The ARN of the KMS key encrypting the Terraform state',
    });
  }
}
