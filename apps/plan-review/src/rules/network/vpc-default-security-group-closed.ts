import { label, resourcesReferring } from '../../model/lookup';
import { hasUnreadableRules, rulesOnDefaultGroup } from '../../model/security-groups';
import { blocksAt } from '../../model/values';
import { defineResourceRule } from '../rule';

export const vpcDefaultSecurityGroupClosed = defineResourceRule({
  id: 'vpc-default-security-group-closed',
  severity: 'high',
  peers: { checkov: ['CKV2_AWS_12'], trivy: [] },
  differences: [
    {
      peer: 'checkov',
      id: 'CKV2_AWS_12',
      difference:
        'CKV2_AWS_12 counts a separate rule only when it names `aws_default_security_group.<name>.id`, so a rule on ' +
        "the VPC's `default_security_group_id`, or on the group's literal id in a plan, passes there; ours follows " +
        'every way of naming the group, because AWS applies the rule to the group whatever expression gave its id.',
    },
  ],
  title: 'The default security group of each VPC allows nothing',
  description:
    'AWS creates a default security group with every VPC, and puts in it any instance or endpoint launched without ' +
    'a group of its own; as created, it admits all traffic from its own members and lets all traffic out. Managing ' +
    'it with an `aws_default_security_group` that declares no rules removes them, so a resource that lands there by ' +
    'mistake can reach nothing. Rules added to it by separate resources (`aws_security_group_rule`, ' +
    "`aws_vpc_security_group_*_rule` naming its id or the VPC's `default_security_group_id`) open it as much as " +
    'inline blocks; a dynamic block the review cannot read fails closed.',
  remediation:
    'Declare `aws_default_security_group` for the VPC with no `ingress` or `egress` blocks, and remove every rule ' +
    'resource that names it; give each workload a security group of its own.',
  docs: [
    'https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html',
    'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/default_security_group',
    'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpc#default_security_group_id',
  ],
  appliesTo: ['aws_vpc'],
  problem: (vpc, model) => {
    const [defaultGroup] = resourcesReferring(model, 'aws_default_security_group', 'vpc_id', vpc);
    // Rules added by separate resources open the group as much as inline ones (checkov's CKV2_AWS_12 counts both).
    const group = defaultGroup ? label(defaultGroup) : `the default security group of ${label(vpc)}`;
    const added = rulesOnDefaultGroup(model, vpc, defaultGroup).map(
      (rule) => `${label(rule.resource)} adds an ${rule.direction} rule to ${group}`,
    );
    if (!defaultGroup) {
      const unmanaged = `${label(vpc)} leaves its default security group unmanaged (add aws_default_security_group with no rules)`;
      return [unmanaged, ...added].join('; ');
    }
    const open = (['ingress', 'egress'] as const).filter(
      (direction) => blocksAt(defaultGroup.values, direction).length > 0 || hasUnreadableRules(defaultGroup, direction),
    );
    const problems = [...(open.length ? [`${label(defaultGroup)} has ${open.join(' and ')} rules`] : []), ...added];
    return problems.length ? problems.join('; ') : undefined;
  },
});
