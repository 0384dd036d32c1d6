import { defineCases } from '../../testing/cases';
import { addSynthResource, type SynthJson } from '../../testing/fixtures';
import { addRoute, isolatedRouteTables, routeTable, VPC_ID } from './fixture-edits';
import { routeTableLocalOnly } from './route-table-local-only';

// More cases, on plans whose routes carry every target attribute, in network-paths.spec.ts beside this file.
export default defineCases({
  rule: routeTableLocalOnly,
  // The fixture predates the tiers' route tables: add them as the infra app builds them, local route only.
  setup: isolatedRouteTables,
  failing: [
    {
      variant: 'an inline route to an existing internet gateway',
      change: (s) => (routeTable(s).route = [{ cidr_block: '0.0.0.0/0', gateway_id: 'igw-0abc1234def567890' }]),
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
    }).map(([variant, target]) => ({
      variant: `an aws_route with ${variant}`,
      change: (s: SynthJson) => addRoute(s, target),
    })),
    {
      variant: 'the default route table with a route to an existing internet gateway',
      change: (s) =>
        addSynthResource(s, 'aws_default_route_table', 'default', {
          default_route_table_id: '${aws_vpc.network_vpc_4E8F0223.default_route_table_id}',
          route: [{ cidr_block: '0.0.0.0/0', gateway_id: 'igw-0abc' }],
        }),
    },
    {
      variant: 'an inline route to an internet gateway of this stack',
      change: (s) => {
        addSynthResource(s, 'aws_internet_gateway', 'igw', { vpc_id: VPC_ID });
        routeTable(s).route = [{ cidr_block: '0.0.0.0/0', gateway_id: '${aws_internet_gateway.igw.id}' }];
      },
    },
    {
      variant: 'a route table propagating a virtual private gateway',
      change: (s) => (routeTable(s).propagating_vgws = ['vgw-0abc']),
    },
  ],
  passing: [
    {
      variant: 'a route table whose only route is the local one',
      change: (s) => (routeTable(s).route = [{ cidr_block: '10.20.0.0/16', gateway_id: 'local' }]),
    },
  ],
});
