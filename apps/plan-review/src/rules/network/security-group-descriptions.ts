import { label, liveResources } from '../../model/lookup';
import { securityGroupRules } from '../../model/security-groups';
import { isSet } from '../../model/values';
import { defineRule, finding } from '../rule';

export const securityGroupDescriptions = defineRule({
  id: 'security-group-descriptions',
  severity: 'low',
  peers: { checkov: ['CKV_AWS_23'], trivy: [] },
  differences: [
    {
      peer: 'checkov',
      id: 'CKV_AWS_23',
      difference:
        'CKV_AWS_23 accepts a rule whose description is only blanks; ours counts it as missing, because it tells the ' +
        'reviewer of a later change nothing about why the path exists.',
    },
  ],
  title: 'Every security group and security group rule has a description',
  description:
    'A security group rule says which traffic it admits, not why. A description on every group and rule (AWS keeps ' +
    'up to 255 characters with each) is what lets a reviewer of the next change tell a path the architecture needs ' +
    'from one left behind, and what the console and `describe-security-group-rules` show an operator during an ' +
    'incident. Inline `ingress`/`egress` blocks, `aws_security_group_rule` and `aws_vpc_security_group_*_rule` ' +
    'resources are all read.',
  remediation: 'Set `description` on the security group and on each of its rules: what the path is for.',
  docs: [
    'https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html',
    'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpc_security_group_ingress_rule',
  ],
  appliesTo: [
    'aws_security_group',
    'aws_security_group_rule',
    'aws_vpc_security_group_ingress_rule',
    'aws_vpc_security_group_egress_rule',
  ],
  check: (model) => [
    ...liveResources(model, 'aws_security_group').map((group) =>
      finding(
        'security-group-descriptions',
        group,
        isSet(group.values['description']) ? undefined : `${label(group)} has no description`,
      ),
    ),
    ...securityGroupRules(model).map((rule) =>
      finding(
        'security-group-descriptions',
        rule.resource,
        rule.description ? undefined : `${label(rule.resource)}: a ${rule.direction} rule has no description`,
      ),
    ),
  ],
});
