import { Network, type NetworkProps } from './network';
import { synthesize } from '../testing/synth-json';

const props: NetworkProps = { vpcCidr: '10.10.0.0/16', azNames: ['ap-northeast-2a', 'ap-northeast-2c'] };
const settings = { namePrefix: 'rdsp-test', region: 'ap-northeast-2', logRetentionDays: 30 };

describe('Network', () => {
  let logsKeyArn = '';
  let network: Network | undefined;
  const synth = synthesize((scope) => {
    network = new Network(scope, 'network', props);
    logsKeyArn = scope.keys.logs.arn;
  }, settings);

  it('turns DNS hostnames and DNS support on (the endpoint private DNS needs both)', () => {
    expect(synth.only('aws_vpc')).toMatchObject({
      cidr_block: '10.10.0.0/16',
      enable_dns_hostnames: true,
      enable_dns_support: true,
    });
  });

  it('puts an app, a data and an endpoints subnet in every AZ, carved from the VPC range, none public', () => {
    const subnets = Object.values(synth.resources('aws_subnet'));
    expect(subnets.map((subnet) => [subnet.tags.Tier, subnet.availability_zone, subnet.cidr_block]).sort()).toEqual([
      ['app', 'ap-northeast-2a', '10.10.0.0/20'],
      ['app', 'ap-northeast-2c', '10.10.16.0/20'],
      ['data', 'ap-northeast-2a', '10.10.64.0/20'],
      ['data', 'ap-northeast-2c', '10.10.80.0/20'],
      ['endpoints', 'ap-northeast-2a', '10.10.128.0/20'],
      ['endpoints', 'ap-northeast-2c', '10.10.144.0/20'],
    ]);
    expect(subnets.every((subnet) => subnet.map_public_ip_on_launch === false)).toBe(true);
  });

  it('has no internet gateway, no NAT and no route besides the implicit local one', () => {
    for (const type of [
      'aws_internet_gateway',
      'aws_nat_gateway',
      'aws_egress_only_internet_gateway',
      'aws_route',
      'aws_eip',
    ]) {
      expect(synth.resources(type)).toEqual({});
    }
    const routeTables = Object.values(synth.resources('aws_route_table'));
    expect(routeTables).toHaveLength(3);
    expect(routeTables.every((table) => table.route === undefined)).toBe(true);
    expect(Object.keys(synth.resources('aws_route_table_association'))).toHaveLength(6);
  });

  it('empties the default security group: no ingress, no egress', () => {
    const defaultGroup = synth.only('aws_default_security_group');
    expect(defaultGroup.ingress).toBeUndefined();
    expect(defaultGroup.egress).toBeUndefined();
  });

  it('logs all traffic to a KMS-encrypted log group with retention', () => {
    expect(synth.only('aws_flow_log')).toMatchObject({ traffic_type: 'ALL', log_destination_type: 'cloud-watch-logs' });
    expect(synth.only('aws_cloudwatch_log_group')).toMatchObject({
      name: '/aws/vpc/rdsp-test-flow-logs',
      retention_in_days: 30,
      kms_key_id: synth.ref(logsKeyArn),
    });
  });

  it('gives the flow-log role only write access to its own log group, assumable only by this account’s flow logs', () => {
    const [statement] = synth.policyStatements();
    expect(synth.policyStatements()).toHaveLength(1);
    expect(statement.Action).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams']);
    expect(statement.Resource).toHaveLength(2);
    for (const resource of statement.Resource) expect(resource).toMatch(/^\$\{aws_cloudwatch_log_group\..*\.arn\}/);
    const trust = JSON.parse(synth.only('aws_iam_role').assume_role_policy).Statement[0];
    expect(trust.Principal).toEqual({ Service: 'vpc-flow-logs.amazonaws.com' });
    expect(trust.Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': '123456789012' },
      ArnLike: { 'aws:SourceArn': 'arn:aws:ec2:ap-northeast-2:123456789012:vpc-flow-log/*' },
    });
  });

  it('gives the stack a security group registry beside it, with no group until an owner creates one', () => {
    expect(network?.securityGroups.node.path).toBe('stack/security-groups');
    expect(synth.resources('aws_security_group')).toEqual({});
  });
});
