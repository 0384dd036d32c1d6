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
import { PlatformStack } from './platform-stack';
import { SecurityGroups } from './security-groups';

export interface NetworkProps {
  readonly vpcCidr: string;
  /** One subnet per tier in each; at least two for Multi-AZ. */
  readonly azNames: readonly string[];
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
  /** Where the resources in this VPC get their security groups (`create`) and the flows between them. */
  readonly securityGroups: SecurityGroups;
  private readonly namePrefix: string;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    this.namePrefix = PlatformStack.of(this).settings.namePrefix;
    const vpc = new Vpc(this, 'vpc', {
      cidrBlock: props.vpcCidr,
      // The Secrets Manager endpoint's private DNS needs both (seed 001).
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: `${this.namePrefix}-vpc` },
    });
    this.vpcId = vpc.id;
    this.vpcCidr = vpc.cidrBlock;

    // Taking over the default SG with no rules blocks all traffic for anything attached to it.
    new DefaultSecurityGroup(this, 'default-security-group', {
      vpcId: vpc.id,
      tags: { Name: `${this.namePrefix}-default-deny-all` },
    });

    const cidrs = carveSubnets(props.vpcCidr, props.azNames.length);
    const subnetIds = Object.fromEntries(
      SUBNET_TIERS.map((tier) => [tier, this.isolatedTier(vpc, tier, cidrs[tier], props)]),
    ) as Record<SubnetTier, string[]>;
    this.appSubnetIds = subnetIds.app;
    this.dataSubnetIds = subnetIds.data;
    this.endpointSubnetIds = subnetIds.endpoints;

    this.flowLogGroupName = this.flowLogs(vpc);
    // A sibling of the network, not a child: the groups and rules keep the Terraform addresses they have always had
    // (`security-groups/<role>`); moving them would replace every group and the network interfaces using them.
    this.securityGroups = new SecurityGroups(scope, 'security-groups', { vpcId: vpc.id });
  }

  /** Subnets of one tier plus their own route table, which only ever has the implicit local route. */
  private isolatedTier(vpc: Vpc, tier: SubnetTier, cidrs: string[], props: NetworkProps): string[] {
    const routeTable = new RouteTable(this, `${tier}-route-table`, {
      vpcId: vpc.id,
      tags: { Name: `${this.namePrefix}-${tier}-isolated` },
    });
    return props.azNames.map((az, index) => {
      const subnet = new Subnet(this, `${tier}-subnet-${az}`, {
        vpcId: vpc.id,
        cidrBlock: cidrs[index],
        availabilityZone: az,
        mapPublicIpOnLaunch: false,
        tags: { Name: `${this.namePrefix}-${tier}-${az}`, Tier: tier },
      });
      new RouteTableAssociation(this, `${tier}-route-table-association-${az}`, {
        subnetId: subnet.id,
        routeTableId: routeTable.id,
      });
      return subnet.id;
    });
  }

  private flowLogs(vpc: Vpc): string {
    const stack = PlatformStack.of(this);
    const logGroup = new EncryptedLogGroup(this, 'flow-log-group', { name: `/aws/vpc/${this.namePrefix}-flow-logs` });
    const role = new IamRole(this, 'flow-log-role', {
      name: `${this.namePrefix}-vpc-flow-logs`,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
            Action: 'sts:AssumeRole',
            // Confused-deputy guard: only flow logs of this account may assume the role.
            Condition: {
              StringEquals: { 'aws:SourceAccount': stack.settings.accountId },
              ArnLike: { 'aws:SourceArn': stack.arn('ec2', 'vpc-flow-log/*') },
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
      tags: { Name: `${this.namePrefix}-vpc-flow-log` },
    });
    return logGroup.name;
  }
}
