import { cidrContains, parseCidr } from '../../model/cidr';
import { label } from '../../model/lookup';
import { placeOf, subnetRanges } from '../../model/vpc-ranges';
import { defineRule, finding } from '../rule';
import { INGRESS_TYPES, rulesWithVpc } from './cidr-reach';

export const securityGroupNoBroadCidr = defineRule({
  id: 'security-group-no-broad-cidr',
  severity: 'high',
  peers: { checkov: [], trivy: [] },
  title: 'A CIDR inside the VPC names at most one subnet (reference the peer security group instead)',
  description:
    'Inside the VPC a CIDR admits every interface in its range, today and after every later change: a rule on the ' +
    "VPC's whole block (CDKTF's `vpc.cidrBlock`) or a range that spans several subnets lets the data tier, the " +
    'endpoints and anything added later reach the port, where a security group reference admits only the members of ' +
    "that group. A CIDR that stays inside the VPC may therefore name at most one subnet of it; the peer's security " +
    'group says the rest. Ingress and egress rules of every shape are read.',
  remediation:
    "Replace the CIDR with `referenced_security_group_id` set to the peer's security group (or with the one subnet " +
    'the peer lives in).',
  docs: [
    'https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html',
    'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html',
  ],
  appliesTo: [...INGRESS_TYPES, 'aws_vpc_security_group_egress_rule'],
  check: (model) =>
    [...rulesWithVpc(model, 'ingress'), ...rulesWithVpc(model, 'egress')].map(({ rule, vpc }) => {
      const subnets = vpc ? subnetRanges(model, vpc.vpc) : [];
      const broad = rule.cidrs.filter((cidr) => {
        const range = parseCidr(cidr);
        const inside = placeOf(cidr, vpc).kind === 'inside';
        return range && inside && !subnets.some((subnet) => cidrContains(subnet, range));
      });
      return finding(
        'security-group-no-broad-cidr',
        rule.resource,
        broad.length
          ? `${label(rule.resource)}: the ${rule.direction} rule names ${broad.join(', ')}, more than one subnet ` +
              `(name the peer's security group)`
          : undefined,
      );
    }),
});
