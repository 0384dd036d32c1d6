import { label } from '../../model/lookup';
import { defineRule, finding } from '../rule';
import { describe, INGRESS_TYPES, reachOutside, rulesWithVpc, unreadable } from './cidr-reach';

export const securityGroupNoPublicIngress = defineRule({
  id: 'security-group-no-public-ingress',
  severity: 'critical',
  peers: { checkov: ['CKV_AWS_277'], trivy: ['AWS-0107'] },
  differences: [
    {
      peer: 'checkov',
      id: 'CKV_AWS_277',
      difference:
        'CKV_AWS_277 refuses only `0.0.0.0/0` or `::/0` on a rule that spans every port, so a foreign /32, the ' +
        'internet in two halves (`0.0.0.0/1` + `128.0.0.0/1`) or `0.0.0.0/0` on the database port pass there; ours ' +
        "refuses any CIDR outside the VPC's blocks on any port, because every flow of this stack is group to group.",
    },
    {
      peer: 'checkov',
      id: 'CKV_AWS_277',
      difference:
        'CKV_AWS_277 passes every rule that names a prefix list, an `aws_vpc_security_group_ingress_rule` without ' +
        'ports (`ip_protocol = "-1"`), and a whole group once one of its blocks has `self = true`; ours reads the ' +
        "entries of the stack's own prefix lists, refuses lists it cannot read, and judges every rule of the group.",
    },
    {
      peer: 'checkov',
      id: 'CKV_AWS_277',
      difference:
        'CKV_AWS_277 passes a group whose rules are one expression (`ingress = var.rules`) or a dynamic block it ' +
        'cannot expand; ours fails it closed, since what such rules admit is known only at apply.',
    },
    {
      peer: 'trivy',
      id: 'AWS-0107',
      difference:
        'AWS-0107 refuses only `0.0.0.0/0`, `::/0` or `*` on SSH (22) or RDP (3389) or all protocols, so the ' +
        'internet on the MySQL port 3306 or any narrower foreign CIDR passes there; ours refuses every source outside ' +
        'the VPC on every port, because nothing of this stack is meant to be reached from another network.',
    },
  ],
  title: "No security group admits traffic from outside its VPC's own address ranges",
  description:
    'Our flows are security group to security group, so no rule needs a CIDR. Anything that names one must stay ' +
    "inside the VPC's own blocks (primary and associated IPv4 blocks, and its IPv6 block): a CIDR outside them, at " +
    'any prefix length, IPv4 or IPv6, is a way in from another network or the internet, and a prefix list is as ' +
    'open as its entries. Inline blocks, `aws_security_group_rule` and `aws_vpc_security_group_ingress_rule` are ' +
    'all read; when a block is unknown at plan time (IPAM), or the rules are a dynamic block or an expression, the ' +
    'review cannot show the source is inside, and fails closed.',
  remediation:
    "Replace the CIDR with `referenced_security_group_id` (the caller's security group), or with a subnet of the VPC; " +
    'write each rule as its own `aws_vpc_security_group_ingress_rule`.',
  docs: [
    'https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html',
    'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html',
    'https://docs.aws.amazon.com/vpc/latest/userguide/managed-prefix-lists.html',
    'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpc_security_group_ingress_rule',
  ],
  appliesTo: INGRESS_TYPES,
  check: (model) => [
    ...rulesWithVpc(model, 'ingress').map(({ rule, vpc }) => {
      const outside = reachOutside(model, rule, vpc, 'ingress');
      return finding(
        'security-group-no-public-ingress',
        rule.resource,
        outside.length ? `${label(rule.resource)} admits ${describe(outside)}` : undefined,
      );
    }),
    ...unreadable(model, 'security-group-no-public-ingress', 'ingress'),
  ],
});
