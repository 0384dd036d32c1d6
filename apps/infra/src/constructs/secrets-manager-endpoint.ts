import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcEndpointPolicy } from '@cdktf/provider-aws/lib/vpc-endpoint-policy';
import { Lazy } from 'cdktf';
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
  /** The endpoint policy, for `dependsOn` (what runs through the endpoint should run under it). */
  readonly policy: VpcEndpointPolicy;
  private readonly secretArns: string[] = [];

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

    // In a VPC with no internet the endpoint is the one way out: only this account's principals, and only the
    // secrets this stack uses (`allowSecrets`), may pass, so code inside cannot reach another account's secrets.
    // https://docs.aws.amazon.com/secretsmanager/latest/userguide/vpc-endpoint-overview.html#vpc-endpoint-policies
    const thisAccount = { StringEquals: { 'aws:PrincipalAccount': stack.settings.accountId } };
    this.policy = new VpcEndpointPolicy(this, 'policy', {
      vpcEndpointId: this.endpoint.id,
      policy: Lazy.stringValue({
        produce: () =>
          JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'ThisStacksSecretsOnly',
                Effect: 'Allow',
                Principal: '*',
                Action: [
                  'secretsmanager:DescribeSecret',
                  'secretsmanager:GetSecretValue',
                  'secretsmanager:PutSecretValue',
                  'secretsmanager:UpdateSecretVersionStage',
                ],
                Resource: this.secretArns.length > 0 ? [...this.secretArns] : ['arn:aws:secretsmanager:::secret:none'],
                Condition: thisAccount,
              },
              {
                // GetRandomPassword acts on no resource.
                Sid: 'GeneratePasswords',
                Effect: 'Allow',
                Principal: '*',
                Action: ['secretsmanager:GetRandomPassword'],
                Resource: '*',
                Condition: thisAccount,
              },
            ],
          }),
      }),
    });
  }

  /** Lets this account's principals use these secrets through the endpoint (nothing else passes). */
  allowSecrets(...secrets: { readonly secretArn: string }[]): void {
    this.secretArns.push(...secrets.map((secret) => secret.secretArn));
  }
}
