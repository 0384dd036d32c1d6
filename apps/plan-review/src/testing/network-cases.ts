import { addSynthResource, synthResource, type SynthJson } from './fixtures';
import type { RuleCase } from './rule-cases';

/**
 * Network paths: ways out of (and into) the fixture's isolated VPC, 10.20.0.0/16 with /24 subnets, whose flows are
 * all security group to security group.
 */
const VPC_ID = '${aws_vpc.network_vpc_4E8F0223.id}';
const PROXY_GROUP_ID = '${aws_security_group.security-groups_proxy_E356D6AD.id}';
const LAMBDA_GROUP_ID = '${aws_security_group.security-groups_lambda_BAF8CC59.id}';

const proxyIngress = (synth: SynthJson) =>
  synthResource(synth, 'aws_vpc_security_group_ingress_rule', 'proxy-from-lambda');
const lambdaEgress = (synth: SynthJson) =>
  synthResource(synth, 'aws_vpc_security_group_egress_rule', 'lambda-to-proxy');

/** Replaces the SG-to-SG peer of the proxy's ingress rule with CIDRs. */
const proxyIngressFrom = (synth: SynthJson, cidrs: Record<string, string>) =>
  Object.assign(proxyIngress(synth), { referenced_security_group_id: undefined, ...cidrs });

const classicIngress = (synth: SynthJson, cidrs: Record<string, unknown>) =>
  addSynthResource(synth, 'aws_security_group_rule', 'proxy-extra', {
    type: 'ingress',
    security_group_id: PROXY_GROUP_ID,
    protocol: 'tcp',
    from_port: 3306,
    to_port: 3306,
    description: 'extra',
    ...cidrs,
  });

const inlineGroup = (synth: SynthJson, ingress: Record<string, unknown>[], egress: Record<string, unknown>[] = []) =>
  addSynthResource(synth, 'aws_security_group', 'inline', {
    name: 'inline',
    description: 'inline rules',
    vpc_id: VPC_ID,
    ingress: ingress.map((rule) => ({ protocol: 'tcp', from_port: 3306, to_port: 3306, description: 'x', ...rule })),
    egress: egress.map((rule) => ({ protocol: 'tcp', from_port: 443, to_port: 443, description: 'x', ...rule })),
  });

/** The fixture's tiers as the infra app builds them: a route table each, with only the implicit local route. */
const isolatedRouteTables = (synth: SynthJson) => {
  for (const tier of ['app', 'data', 'endpoints']) {
    addSynthResource(synth, 'aws_route_table', `${tier}-route-table`, { vpc_id: VPC_ID, tags: { Name: tier } });
  }
};
const routeTable = (synth: SynthJson) => synthResource(synth, 'aws_route_table', 'app-route-table');
const addRoute = (synth: SynthJson, target: Record<string, unknown>) =>
  addSynthResource(synth, 'aws_route', 'out', {
    route_table_id: '${aws_route_table.app-route-table.id}',
    destination_cidr_block: '0.0.0.0/0',
    ...target,
  });

export const NETWORK_RULE_CASES: RuleCase[] = [
  {
    rule: 'security-group-egress-within-vpc',
    breakIt: (s) => Object.assign(lambdaEgress(s), { referenced_security_group_id: undefined, cidr_ipv4: '0.0.0.0/0' }),
  },
  {
    rule: 'security-group-no-broad-cidr',
    breakIt: (s) => proxyIngressFrom(s, { cidr_ipv4: '10.20.0.0/16' }),
  },
  {
    rule: 'route-table-local-only',
    breakIt: (s) => (routeTable(s).route = [{ cidr_block: '0.0.0.0/0', gateway_id: 'igw-0abc1234def567890' }]),
  },
  {
    rule: 'vpc-no-external-connections',
    breakIt: (s) =>
      addSynthResource(s, 'aws_vpc_peering_connection', 'peer', {
        vpc_id: VPC_ID,
        peer_vpc_id: 'vpc-0abc1234def567890',
        peer_owner_id: '210987654321',
      }),
  },
];

export const NETWORK_PASSING_SETUP: Record<string, (synth: SynthJson) => void> = {
  'route-table-local-only': isolatedRouteTables,
};

export const NETWORK_LEAK_CASES: RuleCase[] = [
  ...[
    ['0.0.0.0/1 and 128.0.0.0/1 (the internet in two halves)', { cidr_ipv4: '0.0.0.0/1' }],
    ['10.0.0.0/7, around the VPC block', { cidr_ipv4: '10.0.0.0/7' }],
    ['one foreign /32', { cidr_ipv4: '203.0.113.7/32' }],
    ['an IPv6 /64 in a VPC without IPv6', { cidr_ipv6: '2001:db8::/64' }],
  ].map(([variant, cidrs]): RuleCase => ({
    rule: 'security-group-no-public-ingress',
    variant: `ingress from ${String(variant)}`,
    breakIt: (s) => proxyIngressFrom(s, cidrs as Record<string, string>),
  })),
  {
    rule: 'security-group-no-public-ingress',
    variant: 'a legacy aws_security_group_rule with 0.0.0.0/1 + 128.0.0.0/1',
    breakIt: (s) => classicIngress(s, { cidr_blocks: ['0.0.0.0/1', '128.0.0.0/1'] }),
  },
  {
    rule: 'security-group-no-public-ingress',
    variant: 'an inline ingress block with ::/1',
    breakIt: (s) => inlineGroup(s, [{ ipv6_cidr_blocks: ['::/1'] }]),
  },
  {
    rule: 'security-group-no-public-ingress',
    variant: 'ingress from a prefix list the stack does not declare',
    breakIt: (s) => classicIngress(s, { prefix_list_ids: ['pl-0abc1234'] }),
  },
  {
    rule: 'security-group-no-public-ingress',
    variant: 'a CIDR of a VPC block that IPAM assigns at apply (unknown: fails closed)',
    breakIt: (s) => {
      addSynthResource(s, 'aws_vpc_ipv4_cidr_block_association', 'secondary', {
        vpc_id: VPC_ID,
        ipv4_ipam_pool_id: 'ipam-pool-0abc',
      });
      proxyIngressFrom(s, { cidr_ipv4: '100.64.0.0/24' });
    },
  },
  {
    rule: 'security-group-no-public-ingress',
    variant: 'a CIDR on a group whose VPC is not in the stack (unknown: fails closed)',
    breakIt: (s) => classicIngress(s, { security_group_id: 'sg-0abc1234', cidr_blocks: ['10.20.0.0/24'] }),
  },
  {
    rule: 'security-group-egress-within-vpc',
    variant: 'an inline egress block to ::/0',
    breakIt: (s) => inlineGroup(s, [], [{ ipv6_cidr_blocks: ['::/0'] }]),
  },
  {
    rule: 'security-group-egress-within-vpc',
    variant: 'egress to an interface endpoint prefix list or an undeclared list',
    breakIt: (s) => Object.assign(lambdaEgress(s), { referenced_security_group_id: undefined, prefix_list_id: 'pl-1' }),
  },
  {
    rule: 'security-group-no-broad-cidr',
    variant: "egress to the VPC's own block by reference (CDKTF's vpc.cidrBlock)",
    breakIt: (s) =>
      Object.assign(lambdaEgress(s), {
        referenced_security_group_id: undefined,
        cidr_ipv4: '${aws_vpc.network_vpc_4E8F0223.cidr_block}',
      }),
  },
  {
    rule: 'security-group-no-broad-cidr',
    variant: 'a legacy rule admitting a /20 that spans several subnets',
    breakIt: (s) => classicIngress(s, { cidr_blocks: ['10.20.0.0/20'] }),
  },
  ...Object.entries({
    'nat_gateway_id to a NAT gateway of this stack': { nat_gateway_id: '${aws_nat_gateway.nat.id}' },
    transit_gateway_id: { transit_gateway_id: 'tgw-0abc' },
    vpc_peering_connection_id: { vpc_peering_connection_id: 'pcx-0abc' },
    egress_only_gateway_id: {
      destination_cidr_block: undefined,
      destination_ipv6_cidr_block: '::/0',
      egress_only_gateway_id: 'eigw-0abc',
    },
    'network_interface_id (an appliance)': { network_interface_id: 'eni-0abc' },
    'vpc_endpoint_id (a Gateway Load Balancer endpoint)': { vpc_endpoint_id: 'vpce-0abc' },
    'a virtual private gateway': { gateway_id: 'vgw-0abc' },
    core_network_arn: { core_network_arn: 'arn:aws:networkmanager::123456789012:core-network/core-network-0abc' },
  }).map(([variant, target]): RuleCase => ({
    rule: 'route-table-local-only',
    variant: `an aws_route with ${variant}`,
    breakIt: (s) => {
      isolatedRouteTables(s);
      addRoute(s, target);
    },
  })),
  {
    rule: 'route-table-local-only',
    variant: 'the default route table with a route to an existing internet gateway',
    breakIt: (s) =>
      addSynthResource(s, 'aws_default_route_table', 'default', {
        default_route_table_id: '${aws_vpc.network_vpc_4E8F0223.default_route_table_id}',
        route: [{ cidr_block: '0.0.0.0/0', gateway_id: 'igw-0abc' }],
      }),
  },
  {
    rule: 'route-table-local-only',
    variant: 'an inline route to an internet gateway of this stack',
    breakIt: (s) => {
      isolatedRouteTables(s);
      addSynthResource(s, 'aws_internet_gateway', 'igw', { vpc_id: VPC_ID });
      routeTable(s).route = [{ cidr_block: '0.0.0.0/0', gateway_id: '${aws_internet_gateway.igw.id}' }];
    },
  },
  {
    rule: 'route-table-local-only',
    variant: 'a route table propagating a virtual private gateway',
    breakIt: (s) => {
      isolatedRouteTables(s);
      routeTable(s).propagating_vgws = ['vgw-0abc'];
    },
  },
  ...[
    ['aws_ec2_transit_gateway_vpc_attachment', { vpc_id: VPC_ID, transit_gateway_id: 'tgw-0abc', subnet_ids: [] }],
    ['aws_vpn_gateway', { vpc_id: VPC_ID }],
    ['aws_vpn_connection', { customer_gateway_id: 'cgw-0abc', vpn_gateway_id: 'vgw-0abc', type: 'ipsec.1' }],
    ['aws_customer_gateway', { bgp_asn: 65000, ip_address: '198.51.100.1', type: 'ipsec.1' }],
    ['aws_vpn_gateway_attachment', { vpc_id: VPC_ID, vpn_gateway_id: 'vgw-0abc' }],
    ['aws_ec2_client_vpn_endpoint', { server_certificate_arn: 'arn', client_cidr_block: '10.100.0.0/22' }],
    ['aws_ec2_client_vpn_network_association', { client_vpn_endpoint_id: 'cvpn-0abc', subnet_id: 'subnet-0abc' }],
    ['aws_vpc_peering_connection_accepter', { vpc_peering_connection_id: 'pcx-0abc', auto_accept: true }],
  ].map(([type, values]): RuleCase => ({
    rule: 'vpc-no-external-connections',
    variant: `an ${String(type)}`,
    breakIt: (s) => addSynthResource(s, String(type), 'connection', values as Record<string, unknown>),
  })),
  ...[
    ['aws_internet_gateway_attachment', { vpc_id: VPC_ID, internet_gateway_id: 'igw-0abc' }],
    ['aws_egress_only_internet_gateway', { vpc_id: VPC_ID }],
    ['aws_nat_gateway', { connectivity_type: 'public', subnet_id: 'subnet-0abc' }],
    ['aws_ec2_carrier_gateway', { vpc_id: VPC_ID }],
  ].map(([type, values]): RuleCase => ({
    rule: 'vpc-no-internet-path',
    variant: `an ${String(type)}`,
    breakIt: (s) => addSynthResource(s, String(type), 'gateway', values as Record<string, unknown>),
  })),
];

export const NETWORK_SAFE_CASES: RuleCase[] = [
  {
    rule: 'security-group-no-public-ingress',
    variant: 'ingress from one subnet, in every rule shape, and from a declared prefix list of subnets',
    breakIt: (s) => {
      proxyIngressFrom(s, { cidr_ipv4: '10.20.0.0/24' });
      classicIngress(s, { cidr_blocks: ['10.20.1.0/24'], prefix_list_ids: ['${aws_ec2_managed_prefix_list.apps.id}'] });
      addSynthResource(s, 'aws_ec2_managed_prefix_list', 'apps', {
        name: 'apps',
        max_entries: 2,
        address_family: 'IPv4',
        entry: [{ cidr: '10.20.0.0/24' }, { cidr: '10.20.1.0/24' }],
      });
      inlineGroup(s, [{ cidr_blocks: ['10.20.10.0/24'] }, { security_groups: [LAMBDA_GROUP_ID] }, { self: true }]);
    },
  },
  {
    rule: 'security-group-no-public-ingress',
    variant: 'ingress from a subnet named by reference',
    breakIt: (s) => proxyIngressFrom(s, { cidr_ipv4: '${aws_subnet.network_app-a_A0424B3D.cidr_block}' }),
  },
  {
    rule: 'security-group-no-public-ingress',
    variant: 'ingress from a secondary block of the VPC',
    breakIt: (s) => {
      addSynthResource(s, 'aws_vpc_ipv4_cidr_block_association', 'secondary', {
        vpc_id: VPC_ID,
        cidr_block: '100.64.0.0/16',
      });
      proxyIngressFrom(s, { cidr_ipv4: '100.64.0.0/24' });
    },
  },
  {
    rule: 'security-group-egress-within-vpc',
    variant: "egress to a subnet and to this stack's S3 gateway endpoint",
    breakIt: (s) => {
      addSynthResource(s, 'aws_vpc_endpoint', 's3', {
        vpc_id: VPC_ID,
        service_name: 'com.amazonaws.ap-northeast-2.s3',
        vpc_endpoint_type: 'Gateway',
      });
      inlineGroup(
        s,
        [],
        [{ cidr_blocks: ['10.20.20.0/24'] }, { prefix_list_ids: ['${aws_vpc_endpoint.s3.prefix_list_id}'] }],
      );
    },
  },
  {
    rule: 'route-table-local-only',
    variant: 'a route table whose only route is the local one',
    breakIt: (s) => {
      isolatedRouteTables(s);
      routeTable(s).route = [{ cidr_block: '10.20.0.0/16', gateway_id: 'local' }];
    },
  },
];
