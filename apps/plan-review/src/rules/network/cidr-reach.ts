import { label, liveResources, referencedResources } from '../../model/lookup';
import { securityGroupRules, unreadableRuleBlocks, type SecurityGroupRule } from '../../model/security-groups';
import type { ReviewModel } from '../../model/types';
import { blocksAt } from '../../model/values';
import { placeOf, resolvedCidr, vpcOfGroup, vpcRanges, type VpcRanges } from '../../model/vpc-ranges';
import { finding, type Finding } from '../rule';

/**
 * Our flows are security group to security group, so no rule needs a CIDR. Anything that names one must stay inside
 * the VPC's own blocks: a CIDR outside them (at any prefix length, IPv4 or IPv6) is a way in from another network or
 * the internet. When a block is unknown at plan time, the review cannot show a CIDR is inside, and says so.
 */
const RULE_TYPES = ['aws_security_group', 'aws_security_group_rule'];
export const INGRESS_TYPES = [...RULE_TYPES, 'aws_vpc_security_group_ingress_rule'];
export const EGRESS_TYPES = [...RULE_TYPES, 'aws_vpc_security_group_egress_rule'];

/** A CIDR or prefix list of a rule that does not stay inside the VPC, with the reason. */
interface Reach {
  readonly peer: string;
  readonly reason: string;
}

/** A failing finding for each group whose rules of that direction the review cannot see (fail closed). */
export function unreadable(model: ReviewModel, ruleId: string, direction: 'ingress' | 'egress'): Finding[] {
  return unreadableRuleBlocks(model, direction).map((group) =>
    finding(
      ruleId,
      group,
      `${label(group)} declares its ${direction} rules with a dynamic block or an expression: the review cannot ` +
        'tell at plan time what they admit (write each rule as an aws_vpc_security_group_*_rule)',
    ),
  );
}

export function rulesWithVpc(model: ReviewModel, direction: 'ingress' | 'egress') {
  return securityGroupRules(model)
    .filter((rule) => rule.direction === direction)
    .map((rule) => {
      const vpc = vpcOfGroup(model, rule.group);
      const cidrs = rule.cidrs.map((cidr) => resolvedCidr(model, cidr));
      return { rule: { ...rule, cidrs }, vpc: vpc && vpcRanges(model, vpc) };
    });
}

export function reachOutside(
  model: ReviewModel,
  rule: SecurityGroupRule,
  vpc: VpcRanges | undefined,
  direction: 'ingress' | 'egress',
): Reach[] {
  const cidrs = rule.cidrs.flatMap((cidr): Reach[] => {
    const place = placeOf(cidr, vpc);
    return place.kind === 'inside' ? [] : [{ peer: cidr, reason: place.reason }];
  });
  const lists = rule.prefixLists.flatMap((list) => prefixListReach(model, list, vpc, direction));
  return [...cidrs, ...lists];
}

/**
 * A prefix list is as open as its entries. Egress may go to a gateway endpoint of this stack (S3, DynamoDB): its
 * AWS-managed list holds the service's ranges, reached over the endpoint's route, not the internet. Any other list
 * must be declared here with every entry inside the VPC; an AWS-managed or foreign list cannot be read, so it fails.
 */
function prefixListReach(
  model: ReviewModel,
  list: string,
  vpc: VpcRanges | undefined,
  direction: 'ingress' | 'egress',
): Reach[] {
  const endpoints = referencedResources(model, list, 'aws_vpc_endpoint');
  if (endpoints.length) {
    return direction === 'egress' && endpoints.every((endpoint) => endpoint.values['vpc_endpoint_type'] === 'Gateway')
      ? []
      : [{ peer: list, reason: 'the AWS service ranges of a VPC endpoint' }];
  }
  const [declared] = referencedResources(model, list, 'aws_ec2_managed_prefix_list');
  if (!declared) return [{ peer: list, reason: 'a prefix list whose entries this stack does not declare' }];
  const entries = [
    ...blocksAt(declared.values, 'entry'),
    ...liveResources(model, 'aws_ec2_managed_prefix_list_entry')
      .filter((entry) => referencedResources(model, entry.values['prefix_list_id'], declared.type).includes(declared))
      .map((entry) => entry.values),
  ].map((entry) => String(entry['cidr'] ?? ''));
  return entries.flatMap((cidr) => {
    const place = placeOf(cidr, vpc);
    return place.kind === 'inside' ? [] : [{ peer: `${label(declared)} entry ${cidr}`, reason: place.reason }];
  });
}

export function describe(reaches: Reach[]): string {
  return reaches.map(({ peer, reason }) => `${peer} (${reason})`).join(', ');
}
