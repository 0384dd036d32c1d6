import { label, liveResources } from '../../model/lookup';
import { defineRule, finding } from '../rule';
import { connectionProblem, CONNECTIONS } from './routes-and-connections';

export const vpcNoExternalConnections = defineRule({
  id: 'vpc-no-external-connections',
  severity: 'critical',
  peers: { checkov: [], trivy: [] },
  title:
    'No VPC peering, transit gateway, site-to-site VPN, client VPN or Direct Connect joins the VPC to another network',
  description:
    'Security groups that admit only our own groups keep other networks out only while no other network is joined ' +
    'to the VPC. A peering connection (or its accepter), a transit gateway attachment, a virtual private gateway ' +
    'with a site-to-site VPN and customer gateway, a client VPN endpoint and its subnet association, a Direct ' +
    'Connect gateway association or a Cloud WAN attachment each join the VPC to networks this review does not see, ' +
    'and open the way for their routes. The stack must create none of them; every one found fails, and a stack ' +
    'without them passes on its VPCs.',
  remediation:
    'Remove the connection; if another network must reach the service, it calls the API like every other client.',
  docs: [
    'https://docs.aws.amazon.com/vpc/latest/peering/what-is-vpc-peering.html',
    'https://docs.aws.amazon.com/vpc/latest/tgw/what-is-transit-gateway.html',
    'https://docs.aws.amazon.com/vpn/latest/s2svpn/VPC_VPN.html',
    'https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html',
  ],
  appliesTo: ['aws_vpc', ...CONNECTIONS],
  check: (model) => {
    const connections = liveResources(model, ...CONNECTIONS);
    if (connections.length === 0) {
      return liveResources(model, 'aws_vpc').map((vpc) => finding('vpc-no-external-connections', vpc, undefined));
    }
    return connections.map((connection) =>
      finding(
        'vpc-no-external-connections',
        connection,
        `${label(connection)} (${connection.type}) ${connectionProblem(connection)}`,
      ),
    );
  },
});
