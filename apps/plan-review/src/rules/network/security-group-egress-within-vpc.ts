import { label } from '../../model/lookup';
import { defineRule, finding } from '../rule';
import { describe, EGRESS_TYPES, reachOutside, rulesWithVpc, unreadable } from './cidr-reach';

export const securityGroupEgressWithinVpc = defineRule({
  id: 'security-group-egress-within-vpc',
  severity: 'high',
  peers: { checkov: ['CKV_AWS_382'], trivy: ['AWS-0104'] },
  differences: [
    {
      peer: 'checkov',
      id: 'CKV_AWS_382',
      difference:
        'CKV_AWS_382 refuses only `0.0.0.0/0` or `::/0` on a rule that spans every port, and passes any rule with a ' +
        'prefix list, so HTTPS to the whole internet or to a foreign range passes there; ours refuses every ' +
        'destination outside the VPC except the gateway endpoints of this stack, because a way out is a way to carry ' +
        'data out.',
    },
    {
      peer: 'trivy',
      id: 'AWS-0104',
      difference:
        'AWS-0104 refuses only `0.0.0.0/0`, `::/0` or `*`, so egress to one foreign address or range, or to a prefix ' +
        "list of any service, passes there; ours accepts only the VPC's own ranges, security groups and this stack's " +
        'gateway endpoints.',
    },
  ],
  title: "Security group egress goes only to security groups, the VPC's own ranges or this stack's gateway endpoints",
  description:
    'Egress rules are the other half of isolation: a rule that lets a Lambda or the proxy send to an address outside ' +
    'the VPC is a way to carry credentials or data out, the moment any route or endpoint leads there. Destinations ' +
    "must be security groups, CIDRs inside the VPC's own blocks, or the prefix list of a gateway endpoint (S3, " +
    "DynamoDB) the stack creates, whose AWS-managed list holds the service ranges reached over the endpoint's route. " +
    "An interface endpoint's or an undeclared prefix list, a CIDR outside the VPC, and rules the review cannot read " +
    '(a dynamic block, an expression) fail.',
  remediation:
    "Name the destination's security group in `referenced_security_group_id`, or a subnet of the VPC, or the " +
    "`prefix_list_id` of the stack's gateway endpoint; reach other AWS services through interface endpoints.",
  docs: [
    'https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html',
    'https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html',
    'https://docs.aws.amazon.com/vpc/latest/userguide/managed-prefix-lists.html',
    'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html',
  ],
  appliesTo: EGRESS_TYPES,
  check: (model) => [
    ...rulesWithVpc(model, 'egress').map(({ rule, vpc }) => {
      const outside = reachOutside(model, rule, vpc, 'egress');
      return finding(
        'security-group-egress-within-vpc',
        rule.resource,
        outside.length ? `${label(rule.resource)} sends traffic to ${describe(outside)}` : undefined,
      );
    }),
    ...unreadable(model, 'security-group-egress-within-vpc', 'egress'),
  ],
});
