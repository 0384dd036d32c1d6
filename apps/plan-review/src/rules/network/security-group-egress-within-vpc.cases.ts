import { defineCases } from '../../testing/cases';
import { addS3GatewayEndpoint, inlineGroup, lambdaEgress, openDynamicRule } from './fixture-edits';
import { securityGroupEgressWithinVpc } from './security-group-egress-within-vpc';

export default defineCases({
  rule: securityGroupEgressWithinVpc,
  failing: [
    {
      variant: 'egress to 0.0.0.0/0 instead of the proxy group',
      change: (s) =>
        Object.assign(lambdaEgress(s), { referenced_security_group_id: undefined, cidr_ipv4: '0.0.0.0/0' }),
    },
    { variant: 'an inline egress block to ::/0', change: (s) => inlineGroup(s, [], [{ ipv6_cidr_blocks: ['::/0'] }]) },
    {
      variant: 'egress to an interface endpoint prefix list or an undeclared list',
      change: (s) =>
        Object.assign(lambdaEgress(s), { referenced_security_group_id: undefined, prefix_list_id: 'pl-1' }),
    },
    {
      variant: 'a dynamic "egress" block on the database security group',
      change: openDynamicRule('egress'),
    },
  ],
  passing: [
    {
      variant: "egress to a subnet and to this stack's S3 gateway endpoint",
      change: (s) => {
        addS3GatewayEndpoint(s);
        inlineGroup(
          s,
          [],
          [{ cidr_blocks: ['10.20.20.0/24'] }, { prefix_list_ids: ['${aws_vpc_endpoint.s3.prefix_list_id}'] }],
        );
      },
    },
  ],
});
