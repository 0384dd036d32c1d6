import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Construct } from 'constructs';
import { carveSubnets, SUBNET_TIERS, type SubnetTier } from '../config/cidr';
import { EncryptedLogGroup } from './log-group';

export interface NetworkProps {
  readonly namePrefix: string;
  readonly region: string;
  readonly accountId: string;
  readonly vpcCidr: string;
  readonly azNames: readonly string[];
  readonly flowLogRetentionDays: number;
  readonly logsKeyArn: string;
}

/**
 * A VPC with no way to the internet: three tiers of isolated subnets (app, data, endpoints) in every AZ, no internet
 * gateway, no NAT, and AWS services reached through interface endpoints only (seed 004). The default security group
 * is emptied so nothing can use it by accident, and every flow is logged (CIS AWS Foundations 3.9 / 5.4).
 */
export class Network extends Construct {
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly appSubnetIds: string[];
  readonly dataSubnetIds: string[];
  readonly endpointSubnetIds: string[];
  readonly flowLogGroupName: string;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const vpc = new Vpc(this, 'vpc', {
      cidrBlock: props.vpcCidr,
      // The Secrets Manager endpoint's private DNS needs both (seed 001).
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: `${props.namePrefix}-vpc` },
    });
    this.vpcId = vpc.id;
    this.vpcCidr = vpc.cidrBlock;

    // Taking over the default SG with no rules blocks all traffic for anything attached to it.
    new DefaultSecurityGroup(this, 'default-security-group', {
      vpcId: vpc.id,
      tags: { Name: `${props.namePrefix}-default-deny-all` },
    });

    const cidrs = carveSubnets(props.vpcCidr, props.azNames.length);
    const subnetIds = Object.fromEntries(
      SUBNET_TIERS.map((tier) => [tier, this.isolatedTier(vpc, tier, cidrs[tier], props)]),
    ) as Record<SubnetTier, string[]>;
    this.appSubnetIds = subnetIds.app;
    this.dataSubnetIds = subnetIds.data;
    this.endpointSubnetIds = subnetIds.endpoints;

    this.flowLogGroupName = this.flowLogs(vpc, props);
  }

  /** Subnets of one tier plus their own route table, which only ever has the implicit local route. */
  private isolatedTier(vpc: Vpc, tier: SubnetTier, cidrs: string[], props: NetworkProps): string[] {
    const routeTable = new RouteTable(this, `${tier}-route-table`, {
      vpcId: vpc.id,
      tags: { Name: `${props.namePrefix}-${tier}-isolated` },
    });
    return props.azNames.map((az, index) => {
      const subnet = new Subnet(this, `${tier}-subnet-${az}`, {
        vpcId: vpc.id,
        cidrBlock: cidrs[index],
        availabilityZone: az,
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.namePrefix}-${tier}-${az}`, Tier: tier },
      });
      new RouteTableAssociation(this, `${tier}-route-table-association-${az}`, {
        subnetId: subnet.id,
        routeTableId: routeTable.id,
      });
      return subnet.id;
    });
  }

  private flowLogs(vpc: Vpc, props: NetworkProps): string {
    const logGroup = new EncryptedLogGroup(this, 'flow-log-group', {
      name: `/aws/vpc/${props.namePrefix}-flow-logs`,
      retentionDays: props.flowLogRetentionDays,
      kmsKeyArn: props.logsKeyArn,
    });
    const role = new IamRole(this, 'flow-log-role', {
      name: `${props.namePrefix}-vpc-flow-logs`,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
            Action: 'sts:AssumeRole',
            // Confused-deputy guard: only flow logs of this account may assume the role.
            Condition: {
              StringEquals: { 'aws:SourceAccount': props.accountId },
              ArnLike: { 'aws:SourceArn': `arn:aws:ec2:${props.region}:${props.accountId}:vpc-flow-log/*` },
            },
          },
        ],
      }),
    });
    new IamRolePolicy(this, 'flow-log-role-policy', {
      role: role.name,
      name: 'write-to-own-log-group',
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
            Resource: [logGroup.arn, `${logGroup.arn}:log-stream:*`],
          },
        ],
      }),
    });
    new FlowLog(this, 'flow-log', {
      vpcId: vpc.id,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: logGroup.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
      tags: { Name: `${props.namePrefix}-vpc-flow-log` },
    });
    return logGroup.name;
  }
}
