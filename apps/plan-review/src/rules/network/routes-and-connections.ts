import { label, referencedResources } from '../../model/lookup';
import type { Resource, ReviewModel } from '../../model/types';
import { isExpression, isSet, referencesIn } from '../../model/values';

/**
 * Route targets that lead out of the VPC's local range, by the attribute that names them. Our VPC is isolated: its
 * route tables hold only the implicit local route, and AWS services are reached through interface endpoints.
 */
const ROUTE_TARGETS: Record<string, string> = {
  gateway_id: 'gateway',
  nat_gateway_id: 'NAT gateway',
  transit_gateway_id: 'transit gateway',
  vpc_peering_connection_id: 'VPC peering connection',
  egress_only_gateway_id: 'egress-only internet gateway',
  network_interface_id: 'network interface',
  vpc_endpoint_id: 'Gateway Load Balancer endpoint',
  carrier_gateway_id: 'carrier gateway',
  local_gateway_id: 'Outposts local gateway',
  core_network_arn: 'Cloud WAN core network',
  instance_id: 'instance',
};

/** `gateway_id` names an internet gateway (`igw-`) or a virtual private gateway (`vgw-`), or the local route. */
const GATEWAY_PREFIXES: Record<string, string> = { igw: 'internet gateway', vgw: 'virtual private gateway' };

export const ROUTE_TABLES = ['aws_route_table', 'aws_default_route_table'];

/** What joins a VPC to another network: peering, transit gateways, site-to-site and client VPN, Direct Connect. */
export const CONNECTIONS = [
  'aws_vpc_peering_connection',
  'aws_vpc_peering_connection_accepter',
  'aws_ec2_transit_gateway',
  'aws_ec2_transit_gateway_vpc_attachment',
  'aws_ec2_transit_gateway_vpc_attachment_accepter',
  'aws_ec2_transit_gateway_peering_attachment',
  'aws_vpn_gateway',
  'aws_vpn_gateway_attachment',
  'aws_vpn_gateway_route_propagation',
  'aws_vpn_connection',
  'aws_customer_gateway',
  'aws_ec2_client_vpn_endpoint',
  'aws_ec2_client_vpn_network_association',
  'aws_dx_gateway_association',
  'aws_networkmanager_vpc_attachment',
];

export function joined(resource: Resource, problems: string[]): string | undefined {
  return problems.length ? `${label(resource)} ${problems.join('; ')}` : undefined;
}

/** One sentence per target a route names; the local route (`gateway_id = "local"`) is the only one allowed. */
export function routeProblems(model: ReviewModel, route: Record<string, unknown>): string[] {
  const destinations = ['destination_cidr_block', 'cidr_block', 'destination_ipv6_cidr_block', 'ipv6_cidr_block'];
  const destination =
    [...destinations, 'destination_prefix_list_id']
      .map((attribute) => route[attribute])
      .find((value) => typeof value === 'string' && value !== '') ?? 'a destination';
  return Object.entries(ROUTE_TARGETS).flatMap(([attribute, kind]) => {
    const target = route[attribute];
    if (!isSet(target) || target === 'local') return [];
    return [`routes ${String(destination)} to ${targetLabel(model, attribute, kind, target)}`];
  });
}

/** The target as a reviewer needs it: what it is, and whether this stack creates it or it exists elsewhere. */
function targetLabel(model: ReviewModel, attribute: string, kind: string, target: unknown): string {
  const text = String(target);
  const prefix = /^([a-z]+)-/.exec(text)?.[1] ?? '';
  const what = attribute === 'gateway_id' ? (GATEWAY_PREFIXES[prefix] ?? kind) : kind;
  if (!isExpression(text)) {
    const created = model.resources.some((resource) => resource.values['id'] === text);
    return `${what} ${text}${created ? '' : ' (not created in this stack)'}`;
  }
  const [address] = referencesIn(text);
  const [resource] = address ? referencedResources(model, text, address.split('.')[0]) : [];
  // `aws_internet_gateway.igw` says more than "gateway".
  return resource ? `${resource.type} ${label(resource)}` : `${what} ${text}`;
}

export function connectionProblem(connection: Resource): string {
  const values = connection.values;
  switch (connection.type) {
    case 'aws_vpc_peering_connection': {
      const account = isSet(values['peer_owner_id']) ? ` of account ${String(values['peer_owner_id'])}` : '';
      return `peers the VPC with ${String(values['peer_vpc_id'] ?? 'another VPC')}${account}`;
    }
    case 'aws_vpc_peering_connection_accepter':
      return 'accepts a VPC peering from another network';
    case 'aws_ec2_client_vpn_endpoint':
    case 'aws_ec2_client_vpn_network_association':
      return 'lets client VPN users into the VPC';
    case 'aws_vpn_gateway':
    case 'aws_vpn_gateway_attachment':
    case 'aws_vpn_gateway_route_propagation':
    case 'aws_vpn_connection':
    case 'aws_customer_gateway':
      return 'joins a site-to-site VPN to the VPC';
    default:
      return 'joins the VPC to a transit or Direct Connect network';
  }
}
