import { defineCases } from '../../testing/cases';
import { addSynthResource, type SynthJson } from '../../testing/fixtures';
import { VPC_ID } from './fixture-edits';
import { vpcNoExternalConnections } from './vpc-no-external-connections';

export default defineCases({
  rule: vpcNoExternalConnections,
  failing: [
    {
      variant: 'a peering with a VPC of another account',
      change: (s) =>
        addSynthResource(s, 'aws_vpc_peering_connection', 'peer', {
          vpc_id: VPC_ID,
          peer_vpc_id: 'vpc-0abc1234def567890',
          peer_owner_id: '210987654321',
        }),
    },
    ...(
      [
        ['aws_ec2_transit_gateway_vpc_attachment', { vpc_id: VPC_ID, transit_gateway_id: 'tgw-0abc', subnet_ids: [] }],
        ['aws_vpn_gateway', { vpc_id: VPC_ID }],
        ['aws_vpn_connection', { customer_gateway_id: 'cgw-0abc', vpn_gateway_id: 'vgw-0abc', type: 'ipsec.1' }],
        ['aws_customer_gateway', { bgp_asn: 65000, ip_address: '198.51.100.1', type: 'ipsec.1' }],
        ['aws_vpn_gateway_attachment', { vpc_id: VPC_ID, vpn_gateway_id: 'vgw-0abc' }],
        ['aws_ec2_client_vpn_endpoint', { server_certificate_arn: 'arn', client_cidr_block: '10.100.0.0/22' }],
        ['aws_ec2_client_vpn_network_association', { client_vpn_endpoint_id: 'cvpn-0abc', subnet_id: 'subnet-0abc' }],
        ['aws_vpc_peering_connection_accepter', { vpc_peering_connection_id: 'pcx-0abc', auto_accept: true }],
      ] as [string, Record<string, unknown>][]
    ).map(([type, values]) => ({
      variant: `an ${type}`,
      change: (s: SynthJson) => addSynthResource(s, type, 'connection', values),
    })),
  ],
});
