import { defineCases } from '../../testing/cases';
import { addSynthResource, synthResource } from '../../testing/fixtures';
import { LAMBDA_GROUP_ID, lambdaEgress, PROXY_GROUP_ID } from './fixture-edits';
import { securityGroupDescriptions } from './security-group-descriptions';

export default defineCases({
  rule: securityGroupDescriptions,
  failing: [
    { variant: 'an egress rule without description', change: (s) => delete lambdaEgress(s).description },
    { variant: 'an egress rule described by blanks', change: (s) => (lambdaEgress(s).description = '   ') },
    {
      variant: 'a security group without description',
      change: (s) => delete synthResource(s, 'aws_security_group', 'security-groups/proxy').description,
    },
  ],
  passing: [
    {
      variant: 'a new ingress rule with its description',
      change: (s) =>
        addSynthResource(s, 'aws_vpc_security_group_ingress_rule', 'proxy-from-lambda-admin', {
          description: 'RDS Proxy from the admin Lambda',
          security_group_id: PROXY_GROUP_ID,
          referenced_security_group_id: LAMBDA_GROUP_ID,
          ip_protocol: 'tcp',
          from_port: 3306,
          to_port: 3306,
        }),
    },
  ],
});
