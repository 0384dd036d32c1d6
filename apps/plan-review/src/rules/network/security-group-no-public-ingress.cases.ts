import { defineCases } from '../../testing/cases';
import { addSynthResource, type SynthJson } from '../../testing/fixtures';
import {
  classicIngress,
  databaseGroup,
  inlineGroup,
  LAMBDA_GROUP_ID,
  proxyIngressFrom,
  VPC_ID,
  openDynamicRule,
} from './fixture-edits';
import { securityGroupNoPublicIngress } from './security-group-no-public-ingress';

export default defineCases({
  rule: securityGroupNoPublicIngress,
  failing: [
    {
      variant: 'ingress from ::/0 instead of the Lambda group',
      change: (s) => proxyIngressFrom(s, { cidr_ipv6: '::/0' }),
    },
    ...(
      [
        ['0.0.0.0/1 and 128.0.0.0/1 (the internet in two halves)', { cidr_ipv4: '0.0.0.0/1' }],
        ['10.0.0.0/7, around the VPC block', { cidr_ipv4: '10.0.0.0/7' }],
        ['one foreign /32', { cidr_ipv4: '203.0.113.7/32' }],
        ['an IPv6 /64 in a VPC without IPv6', { cidr_ipv6: '2001:db8::/64' }],
      ] as [string, Record<string, string>][]
    ).map(([variant, cidrs]) => ({
      variant: `ingress from ${variant}`,
      change: (s: SynthJson) => proxyIngressFrom(s, cidrs),
    })),
    {
      variant: 'a legacy aws_security_group_rule with 0.0.0.0/1 + 128.0.0.0/1',
      change: (s) => classicIngress(s, { cidr_blocks: ['0.0.0.0/1', '128.0.0.0/1'] }),
    },
    { variant: 'an inline ingress block with ::/1', change: (s) => inlineGroup(s, [{ ipv6_cidr_blocks: ['::/1'] }]) },
    {
      variant: 'ingress from a prefix list the stack does not declare',
      change: (s) => classicIngress(s, { prefix_list_ids: ['pl-0abc1234'] }),
    },
    {
      variant: 'a CIDR of a VPC block that IPAM assigns at apply (unknown: fails closed)',
      change: (s) => {
        addSynthResource(s, 'aws_vpc_ipv4_cidr_block_association', 'secondary', {
          vpc_id: VPC_ID,
          ipv4_ipam_pool_id: 'ipam-pool-0abc',
        });
        proxyIngressFrom(s, { cidr_ipv4: '100.64.0.0/24' });
      },
    },
    {
      variant: 'a CIDR on a group whose VPC is not in the stack (unknown: fails closed)',
      change: (s) => classicIngress(s, { security_group_id: 'sg-0abc1234', cidr_blocks: ['10.20.0.0/24'] }),
    },
    {
      variant: 'a dynamic "ingress" block with 0.0.0.0/0 on the database security group',
      change: openDynamicRule('ingress'),
    },
    {
      variant: 'ingress rules given as one expression (ingress = var.rules)',
      change: (s) => (databaseGroup(s).ingress = '${var.rules}'),
    },
  ],
  passing: [
    {
      variant: 'ingress from one subnet, in every rule shape, and from a declared prefix list of subnets',
      change: (s) => {
        proxyIngressFrom(s, { cidr_ipv4: '10.20.0.0/24' });
        classicIngress(s, {
          cidr_blocks: ['10.20.1.0/24'],
          prefix_list_ids: ['${aws_ec2_managed_prefix_list.apps.id}'],
        });
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
      variant: 'ingress from a subnet named by reference',
      change: (s) => proxyIngressFrom(s, { cidr_ipv4: '${aws_subnet.network_app-a_A0424B3D.cidr_block}' }),
    },
    {
      variant: 'ingress from a secondary block of the VPC',
      change: (s) => {
        addSynthResource(s, 'aws_vpc_ipv4_cidr_block_association', 'secondary', {
          vpc_id: VPC_ID,
          cidr_block: '100.64.0.0/16',
        });
        proxyIngressFrom(s, { cidr_ipv4: '100.64.0.0/24' });
      },
    },
    {
      variant: 'a dynamic block of another kind (timeouts) on a security group',
      change: (s) => (databaseGroup(s).dynamic = { timeouts: { for_each: '${var.t}', content: { create: '5m' } } }),
    },
  ],
});
