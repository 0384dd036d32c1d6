import { liveResources, referencedResources } from './lookup';
import type { Resource, ReviewModel } from './types';
import { asList, blocksAt, isExpression, isObject, referencesAttribute, referencesIn, valueAt } from './values';

/** One rule of a security group, whichever of the three Terraform shapes declared it. */
export interface SecurityGroupRule {
  readonly resource: Resource;
  readonly direction: 'ingress' | 'egress';
  /** Address of the group the rule belongs to (`aws_security_group.x`), or its literal id. */
  readonly group: string;
  readonly protocol: string;
  readonly fromPort: number | undefined;
  readonly toPort: number | undefined;
  /** Addresses (or literal ids) of the peer groups. */
  readonly peerGroups: readonly string[];
  readonly cidrs: readonly string[];
  /** Prefix list ids or references (`${aws_vpc_endpoint.s3.prefix_list_id}`). */
  readonly prefixLists: readonly string[];
  readonly description: string | undefined;
}

/** Where each attachable type keeps its security group ids. */
const GROUP_ATTRIBUTES: Record<string, string> = {
  aws_lambda_function: 'vpc_config.security_group_ids',
  aws_db_proxy: 'vpc_security_group_ids',
  aws_db_instance: 'vpc_security_group_ids',
  aws_vpc_endpoint: 'security_group_ids',
};

/** The security groups (addresses, or literal ids) a Lambda, proxy, DB instance or endpoint is placed in. */
export function groupsOf(resource: Resource): string[] {
  const attribute = GROUP_ATTRIBUTES[resource.type];
  return attribute ? groupIds(valueAt(resource.values, attribute)) : [];
}

/** Security group address -> the resources placed in it. */
export function groupMembers(model: ReviewModel): Map<string, Resource[]> {
  const members = new Map<string, Resource[]>();
  for (const resource of liveResources(model, ...Object.keys(GROUP_ATTRIBUTES))) {
    for (const group of groupsOf(resource)) members.set(group, [...(members.get(group) ?? []), resource]);
  }
  return members;
}

export function securityGroupRules(model: ReviewModel): SecurityGroupRule[] {
  const rules: SecurityGroupRule[] = [];
  for (const resource of liveResources(
    model,
    'aws_vpc_security_group_ingress_rule',
    'aws_vpc_security_group_egress_rule',
  )) {
    const values = resource.values;
    rules.push({
      resource,
      direction: resource.type.endsWith('ingress_rule') ? 'ingress' : 'egress',
      group: groupIds(values['security_group_id'])[0] ?? '',
      protocol: String(values['ip_protocol'] ?? ''),
      fromPort: portOf(values['from_port']),
      toPort: portOf(values['to_port']),
      peerGroups: groupIds(values['referenced_security_group_id']),
      cidrs: strings(values['cidr_ipv4'], values['cidr_ipv6']),
      prefixLists: strings(values['prefix_list_id']),
      description: descriptionOf(values['description']),
    });
  }
  for (const resource of liveResources(model, 'aws_security_group_rule')) {
    rules.push(
      classicRule(resource, resource.values, String(resource.values['type']), resource.values['security_group_id']),
    );
  }
  for (const resource of liveResources(model, 'aws_security_group')) {
    for (const direction of ['ingress', 'egress'] as const) {
      for (const block of blocksAt(resource.values, direction)) {
        rules.push(classicRule(resource, block, direction, `\${${resource.address}.id}`));
      }
    }
  }
  return rules;
}

/**
 * The rules that separate resources (`aws_security_group_rule`, `aws_vpc_security_group_ingress_rule` and
 * `_egress_rule`) add to a VPC's default security group: their `security_group_id` names its
 * `aws_default_security_group` (`${aws_default_security_group.x.id}`) or the VPC's `default_security_group_id`
 * (`${aws_vpc.v.default_security_group_id}`, the group AWS creates with the VPC:
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpc#default_security_group_id), or, in a
 * plan, the id either has. Managing the group with `aws_default_security_group` does not keep them out: the provider
 * empties the group only when it adopts it, and a separate rule resource adds its rule to the group in AWS like to any
 * other (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/default_security_group).
 */
export function rulesOnDefaultGroup(
  model: ReviewModel,
  vpc: Resource,
  defaultGroup: Resource | undefined,
): SecurityGroupRule[] {
  const vpcDefaultId = vpc.values['default_security_group_id'];
  const namesDefaultGroup = (value: unknown) =>
    (defaultGroup !== undefined &&
      referencedResources(model, value, 'aws_default_security_group').includes(defaultGroup)) ||
    referencesAttribute(value, vpc.address, 'default_security_group_id') ||
    (typeof vpcDefaultId === 'string' && vpcDefaultId !== '' && !isExpression(vpcDefaultId) && value === vpcDefaultId);
  return securityGroupRules(model).filter(
    (rule) =>
      rule.resource.type !== 'aws_security_group' && namesDefaultGroup(rule.resource.values['security_group_id']),
  );
}

/**
 * The `aws_security_group` resources whose `direction` rules the review cannot read: a `dynamic "ingress"` block
 * (in a synth, `dynamic: { ingress: { for_each, content } }`: its `for_each` decides how many rules, and with what,
 * only at apply) or the rules given as one expression (`ingress = var.rules`). A plan has expanded both; a synth has
 * not, so the review must not pass what it cannot see.
 */
export function unreadableRuleBlocks(model: ReviewModel, direction: 'ingress' | 'egress'): Resource[] {
  return liveResources(model, 'aws_security_group').filter((resource) => hasUnreadableRules(resource, direction));
}

/** True when a group (or default group) declares `direction` rules by a dynamic block or one expression. */
export function hasUnreadableRules(group: Resource, direction: 'ingress' | 'egress'): boolean {
  const dynamic = group.values['dynamic'];
  if (isObject(dynamic) && direction in dynamic) return true;
  return asList(group.values[direction]).some((block) => !isObject(block));
}

function classicRule(
  resource: Resource,
  values: Record<string, unknown>,
  direction: string,
  group: unknown,
): SecurityGroupRule {
  const peers = [...asList(values['security_groups']), values['source_security_group_id']];
  return {
    resource,
    direction: direction === 'egress' ? 'egress' : 'ingress',
    group: groupIds(group)[0] ?? '',
    protocol: String(values['protocol'] ?? ''),
    fromPort: portOf(values['from_port']),
    toPort: portOf(values['to_port']),
    peerGroups: peers.flatMap(groupIds),
    cidrs: strings(values['cidr_blocks'], values['ipv6_cidr_blocks']),
    prefixLists: strings(values['prefix_list_ids']),
    description: descriptionOf(values['description']),
  };
}

/** Security group ids: references become `aws_security_group.<name>` addresses, literal ids stay as they are. */
function groupIds(value: unknown): string[] {
  return asList(value).flatMap((item) => {
    if (typeof item !== 'string' || item === '') return [];
    const references = referencesIn(item).filter((address) => address.startsWith('aws_security_group.'));
    return item.includes('${') ? references : [item];
  });
}

/** The non-empty strings among values and lists of values. */
function strings(...values: unknown[]): string[] {
  return values.flatMap(asList).filter((item): item is string => typeof item === 'string' && item !== '');
}

function portOf(value: unknown): number | undefined {
  return typeof value === 'number'
    ? value
    : typeof value === 'string' && /^\d+$/.test(value)
      ? Number(value)
      : undefined;
}

function descriptionOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export function isAllTraffic(rule: SecurityGroupRule): boolean {
  return rule.protocol === '-1' || rule.protocol.toLowerCase() === 'all';
}

/** `tcp/3306`, `tcp/1024-65535`, `all traffic`. */
export function portLabel(rule: SecurityGroupRule): string {
  if (isAllTraffic(rule)) return 'all traffic';
  const ports = rule.fromPort === rule.toPort ? `${rule.fromPort}` : `${rule.fromPort}-${rule.toPort}`;
  return `${rule.protocol}/${ports}`;
}
