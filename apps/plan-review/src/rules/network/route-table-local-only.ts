import { liveResources } from '../../model/lookup';
import { asList, blocksAt } from '../../model/values';
import { defineRule, finding } from '../rule';
import { joined, ROUTE_TABLES, routeProblems } from './routes-and-connections';

export const routeTableLocalOnly = defineRule({
  id: 'route-table-local-only',
  severity: 'critical',
  peers: { checkov: [], trivy: [] },
  title: 'Route tables hold only the local route: no route to any gateway, appliance, peering or transit',
  description:
    'A route table decides where traffic from its subnets goes: every table has the implicit local route for the ' +
    "VPC's own blocks, and each further route sends a destination to a target outside that range (an internet or " +
    'virtual private gateway, a NAT or transit gateway, a peering connection, a network interface or Gateway Load ' +
    'Balancer endpoint, a carrier or Outposts local gateway, a Cloud WAN core network). In this isolated VPC no ' +
    'route may name any of them, inline in `aws_route_table` / `aws_default_route_table` or as an `aws_route`, and ' +
    'no table may propagate the routes of a virtual private gateway. Targets the stack does not create are named as ' +
    'such.',
  remediation:
    'Remove the route (and any `propagating_vgws`); reach AWS services through VPC endpoints, whose routes AWS ' +
    'manages, and bring any other path to the architecture review first.',
  docs: [
    'https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html',
    'https://docs.aws.amazon.com/vpc/latest/userguide/route-table-options.html',
    'https://docs.aws.amazon.com/vpc/latest/userguide/gateway-route-tables.html',
    'https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/route',
  ],
  appliesTo: [...ROUTE_TABLES, 'aws_route'],
  check: (model) => [
    ...liveResources(model, ...ROUTE_TABLES).map((table) => {
      const routes = blocksAt(table.values, 'route').flatMap((route) => routeProblems(model, route));
      const propagating = asList(table.values['propagating_vgws']).length
        ? ['propagates the routes of a virtual private gateway']
        : [];
      return finding('route-table-local-only', table, joined(table, [...routes, ...propagating]));
    }),
    ...liveResources(model, 'aws_route').map((route) =>
      finding('route-table-local-only', route, joined(route, routeProblems(model, route.values))),
    ),
  ],
});
