import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/environment-config';
import type { StateConfig } from '../config/state-config';
import { EncryptionKeys } from '../constructs/kms';
import { Network } from '../constructs/network';
import { SecretsManagerEndpoint } from '../constructs/secrets-manager-endpoint';
import { SecurityGroups } from '../constructs/security-groups';
import { addAwsProvider, addEnvironmentBackend, type SynthVariant } from './stack-settings';

export interface EnvironmentStackProps {
  readonly config: EnvironmentConfig;
  readonly state: StateConfig;
  readonly variant: SynthVariant;
}

/** One environment: API Gateway -> Lambda (isolated VPC) -> RDS Proxy -> RDS MySQL, credentials in Secrets Manager. */
export class EnvironmentStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id);
    const { config, variant } = props;
    addAwsProvider(this, variant, config);
    addEnvironmentBackend(this, variant, props.state, id);

    const keys = new EncryptionKeys(this, 'encryption-keys', config);
    const network = new Network(this, 'network', {
      ...config,
      flowLogRetentionDays: config.logRetentionDays,
      logsKeyArn: keys.logs.arn,
    });
    const securityGroups = new SecurityGroups(this, 'security-groups', {
      namePrefix: config.namePrefix,
      vpcId: network.vpcId,
    });
    new SecretsManagerEndpoint(this, 'secrets-manager-endpoint', {
      namePrefix: config.namePrefix,
      region: config.region,
      vpcId: network.vpcId,
      subnetIds: network.endpointSubnetIds,
      securityGroupId: securityGroups.endpointSecurityGroupId,
    });

    new TerraformOutput(this, 'vpc_id', { value: network.vpcId, description: 'The ID of the VPC' });
    new TerraformOutput(this, 'app_subnet_ids', {
      value: network.appSubnetIds,
      description: 'The IDs of the isolated subnets the Lambdas run in',
    });
  }
}
