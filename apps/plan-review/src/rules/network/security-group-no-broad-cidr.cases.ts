import { defineCases } from '../../testing/cases';
import { classicIngress, lambdaEgress, proxyIngressFrom } from './fixture-edits';
import { securityGroupNoBroadCidr } from './security-group-no-broad-cidr';

export default defineCases({
  rule: securityGroupNoBroadCidr,
  failing: [
    {
      variant: "ingress from the VPC's whole block",
      change: (s) => proxyIngressFrom(s, { cidr_ipv4: '10.20.0.0/16' }),
    },
    {
      variant: "egress to the VPC's own block by reference (CDKTF's vpc.cidrBlock)",
      change: (s) =>
        Object.assign(lambdaEgress(s), {
          referenced_security_group_id: undefined,
          cidr_ipv4: '${aws_vpc.network_vpc_4E8F0223.cidr_block}',
        }),
    },
    {
      variant: 'a legacy rule admitting a /20 that spans several subnets',
      change: (s) => classicIngress(s, { cidr_blocks: ['10.20.0.0/20'] }),
    },
  ],
  passing: [
    {
      // The near miss: one subnet (the app tier's in one zone) instead of the peer's group.
      variant: 'ingress from one subnet of the VPC',
      change: (s) => proxyIngressFrom(s, { cidr_ipv4: '10.20.0.0/24' }),
    },
  ],
});
