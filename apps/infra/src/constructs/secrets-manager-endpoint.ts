import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { Construct } from 'constructs';
import type { Network } from './network';
import { PlatformStack } from './platform-stack';
import { type Connectable, type Connections, HTTPS_PORT } from './security-groups';

export interface SecretsManagerEndpointProps {
  /** The endpoint sits in the network's endpoint subnets. */
  readonly network: Network;
}

/**
 * The interface endpoint through which in-VPC Lambdas (no internet route) reach Secrets Manager (seeds 000 and 004).
 * Private DNS makes the regional hostname resolve to the endpoint, so the SDK needs no custom endpoint URL.
 * Clients open their path to it with `endpoint.connections.allowDefaultPortFrom(client, why)` (HTTPS).
 */
export class SecretsManagerEndpoint extends Construct implements Connectable {
  readonly endpointId: string;
  /** The endpoint resource, for `dependsOn` (e.g. bootstrap must not run before it exists). */
  readonly endpoint: VpcEndpoint;
  readonly connections: Connections;

  constructor(scope: Construct, id: string, props: SecretsManagerEndpointProps) {
    super(scope, id);
    const stack = PlatformStack.of(this);
    this.connections = props.network.securityGroups.create(
      'endpoint',
      'Secrets Manager interface endpoint: admits HTTPS from in-VPC clients only',
      HTTPS_PORT,
    );
    this.endpoint = new VpcEndpoint(this, 'endpoint', {
      vpcId: props.network.vpcId,
      serviceName: `com.amazonaws.${stack.settings.region}.secretsmanager`,
      vpcEndpointType: 'Interface',
      privateDnsEnabled: true,
      subnetIds: props.network.endpointSubnetIds,
      securityGroupIds: [this.connections.securityGroupId],
      tags: { Name: stack.resourceName('secretsmanager') },
    });
    this.endpointId = this.endpoint.id;
  }
}
