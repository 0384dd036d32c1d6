import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { Construct } from 'constructs';

export interface SecretsManagerEndpointProps {
  readonly namePrefix: string;
  readonly region: string;
  readonly vpcId: string;
  readonly subnetIds: string[];
  readonly securityGroupId: string;
}

/**
 * The interface endpoint through which in-VPC Lambdas (no internet route) reach Secrets Manager (seeds 000 and 004).
 * Private DNS makes the regional hostname resolve to the endpoint, so the SDK needs no custom endpoint URL.
 */
export class SecretsManagerEndpoint extends Construct {
  readonly endpointId: string;
  /** The endpoint resource, for `dependsOn` (e.g. bootstrap must not run before it exists). */
  readonly endpoint: VpcEndpoint;

  constructor(scope: Construct, id: string, props: SecretsManagerEndpointProps) {
    super(scope, id);
    const endpoint = new VpcEndpoint(this, 'endpoint', {
      vpcId: props.vpcId,
      serviceName: `com.amazonaws.${props.region}.secretsmanager`,
      vpcEndpointType: 'Interface',
      privateDnsEnabled: true,
      subnetIds: props.subnetIds,
      securityGroupIds: [props.securityGroupId],
      tags: { Name: `${props.namePrefix}-secretsmanager` },
    });
    this.endpointId = endpoint.id;
    this.endpoint = endpoint;
  }
}
