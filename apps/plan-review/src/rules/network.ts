import { label, liveResources, resourcesReferring } from '../model/lookup';
import { hasUnreadableRules, rulesOnDefaultGroup, securityGroupRules } from '../model/security-groups';
import { blocksAt, isSet } from '../model/values';
import { finding, perResource, type Rule } from './rule';

const INTERNET_PATHS = [
  'aws_internet_gateway',
  'aws_egress_only_internet_gateway',
  'aws_nat_gateway',
  'aws_internet_gateway_attachment',
  'aws_ec2_carrier_gateway',
];

export const networkRules: Rule[] = [
  perResource({
    id: 'vpc-flow-logs',
    severity: 'high',
    peers: { checkov: ['CKV2_AWS_11'], trivy: [] },
    title: 'VPCs have flow logs',
    appliesTo: ['aws_vpc'],
    problem: (vpc, model) =>
      resourcesReferring(model, 'aws_flow_log', 'vpc_id', vpc).length ? undefined : `${label(vpc)} has no aws_flow_log`,
  }),
  perResource({
    id: 'vpc-default-security-group-closed',
    severity: 'high',
    peers: { checkov: ['CKV2_AWS_12'], trivy: [] },
    title: 'The default security group of each VPC allows nothing',
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
        (direction) =>
          blocksAt(defaultGroup.values, direction).length > 0 || hasUnreadableRules(defaultGroup, direction),
      );
      const problems = [...(open.length ? [`${label(defaultGroup)} has ${open.join(' and ')} rules`] : []), ...added];
      return problems.length ? problems.join('; ') : undefined;
    },
  }),
  {
    id: 'vpc-no-internet-path',
    severity: 'critical',
    peers: { checkov: [], trivy: [] },
    title: 'No internet, egress-only, NAT or carrier gateway: the VPC has no way to the internet',
    appliesTo: ['aws_vpc', ...INTERNET_PATHS],
    check: (model) => {
      const gateways = liveResources(model, ...INTERNET_PATHS);
      const created = gateways.map((gateway) => `${gateway.type} ${label(gateway)}`);
      const problem = created.length ? `the stack creates ${created.join(', ')}` : undefined;
      return liveResources(model, 'aws_vpc').map((vpc) =>
        finding('vpc-no-internet-path', vpc, problem && `${label(vpc)}: ${problem}`),
      );
    },
  },
  {
    id: 'security-group-descriptions',
    severity: 'high',
    peers: { checkov: ['CKV_AWS_23'], trivy: [] },
    title: 'Every security group and security group rule has a description',
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
  },
];
