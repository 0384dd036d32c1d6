import { defineCases } from '../../testing/cases';
import { synthResource } from '../../testing/fixtures';
import { vpcDefaultSecurityGroupClosed } from './vpc-default-security-group-closed';

// More cases, on plans and on every way of naming the group, in network.spec.ts beside this file.
export default defineCases({
  rule: vpcDefaultSecurityGroupClosed,
  failing: [
    {
      variant: 'an inline ingress block admitting the group itself',
      change: (s) =>
        (synthResource(s, 'aws_default_security_group').ingress = [
          { protocol: '-1', from_port: 0, to_port: 0, self: true },
        ]),
    },
    {
      variant: 'a dynamic "ingress" block on the default security group',
      change: (s) =>
        (synthResource(s, 'aws_default_security_group').dynamic = { ingress: { for_each: '${var.rules}' } }),
    },
  ],
  passing: [
    {
      variant: 'the default security group named and tagged, still with no rules',
      change: (s) => (synthResource(s, 'aws_default_security_group').tags = { Name: 'rdsp-dev-default-closed' }),
    },
  ],
});
