import { cidrContains, parseCidr, type CidrRange } from './cidr';
import { label, liveResources, referencedResources } from './lookup';
import type { Resource, ReviewModel } from './types';
import { asList, isSet, refersTo, resourceReferencesIn } from './values';

/** The address ranges a VPC owns, and why a range is not known yet (IPAM or AWS assigns it at apply). */
export interface VpcRanges {
  readonly vpc: Resource;
  readonly ranges: readonly CidrRange[];
  /** IP version -> why some range of that version is unknown at plan time. */
  readonly unknown: ReadonlyMap<4 | 6, string>;
}

/** Where a CIDR sits relative to the VPC it is used in. */
export type CidrPlace =
  | { readonly kind: 'inside'; readonly range: CidrRange }
  | { readonly kind: 'outside'; readonly reason: string }
  | { readonly kind: 'unknown'; readonly reason: string };

/** A VPC's primary and secondary blocks, IPv4 and IPv6. */
export function vpcRanges(model: ReviewModel, vpc: Resource): VpcRanges {
  const ranges: CidrRange[] = [];
  const unknown = new Map<4 | 6, string>();
  const add = (value: unknown, version: 4 | 6, why: string) => {
    const range = typeof value === 'string' ? parseCidr(value) : undefined;
    if (range) ranges.push(range);
    else unknown.set(version, why);
  };
  const values = vpc.values;
  add(values['cidr_block'], 4, 'its IPv4 block is not known at plan time (IPAM or an expression)');
  if (isSet(values['ipv6_cidr_block'])) {
    add(values['ipv6_cidr_block'], 6, 'its IPv6 block is not known at plan time');
  } else if (values['assign_generated_ipv6_cidr_block'] === true || isSet(values['ipv6_ipam_pool_id'])) {
    unknown.set(6, 'AWS assigns its IPv6 block at apply');
  }
  for (const association of associations(model, 'aws_vpc_ipv4_cidr_block_association', vpc)) {
    add(association.values['cidr_block'], 4, `${label(association)} adds an IPv4 block not known at plan time`);
  }
  for (const association of associations(model, 'aws_vpc_ipv6_cidr_block_association', vpc)) {
    add(association.values['ipv6_cidr_block'], 6, `${label(association)} adds an IPv6 block not known at plan time`);
  }
  return { vpc, ranges, unknown };
}

function associations(model: ReviewModel, type: string, vpc: Resource): Resource[] {
  return liveResources(model, type).filter((association) =>
    referencedResources(model, association.values['vpc_id'], 'aws_vpc').includes(vpc),
  );
}

/** The VPC a security group (given by address or literal id) is in, when the stack declares both. */
export function vpcOfGroup(model: ReviewModel, group: string): Resource | undefined {
  const [resource] = referencedResources(model, group.includes('.') ? `\${${group}.id}` : group, 'aws_security_group');
  if (!resource) return undefined;
  return referencedResources(model, resource.values['vpc_id'], 'aws_vpc')[0];
}

/**
 * Inside only when every address of the CIDR is in one of the VPC's blocks: `10.0.0.0/8` around a `10.20.0.0/16`
 * VPC, or `0.0.0.0/1` + `128.0.0.0/1`, reach outside it. Unknown when the answer depends on a block not known yet.
 */
export function placeOf(cidr: string, vpc: VpcRanges | undefined): CidrPlace {
  const range = parseCidr(cidr);
  if (!range) return { kind: 'unknown', reason: `${cidr} is not a CIDR the review can read` };
  if (!vpc) return { kind: 'unknown', reason: `the group's VPC is not in this stack, so its ranges are unknown` };
  const container = vpc.ranges.find((own) => cidrContains(own, range));
  if (container) return { kind: 'inside', range: container };
  const why = vpc.unknown.get(range.version);
  if (why) return { kind: 'unknown', reason: `${label(vpc.vpc)}: ${why}` };
  const own = vpc.ranges.filter((candidate) => candidate.version === range.version).map((r) => r.text);
  return {
    kind: 'outside',
    reason: own.length
      ? `outside ${label(vpc.vpc)} (${own.join(', ')})`
      : `${label(vpc.vpc)} has no IPv${range.version} block`,
  };
}

/**
 * A CIDR as Terraform will see it: `${aws_vpc.x.cidr_block}` or `${aws_subnet.y.cidr_block}` (CDKTF's
 * `cidrIpv4: vpc.cidrBlock`), also of one instance (`${aws_subnet.y[0].cidr_block}`), becomes the block that resource
 * declares; anything else, or a reference that may name more than one instance, stays as written.
 */
export function resolvedCidr(model: ReviewModel, cidr: string): string {
  const match =
    /^\$\{((aws_vpc|aws_subnet|aws_vpc_ipv4_cidr_block_association|aws_vpc_ipv6_cidr_block_association)\.[\w-]+(?:\[[^\]]*\])?)\.((ipv6_)?cidr_block)\}$/.exec(
      cidr,
    );
  if (!match) return cidr;
  const [, , , attribute] = match;
  const [reference] = resourceReferencesIn(cidr);
  const named = model.resources.filter(
    (resource) => reference !== undefined && resource.action !== 'delete' && refersTo(reference, resource.address),
  );
  const value = named.length === 1 ? named[0].values[attribute] : undefined;
  return typeof value === 'string' && value !== '' ? value : cidr;
}

/** Subnet blocks of a VPC that the stack declares. */
export function subnetRanges(model: ReviewModel, vpc: Resource): CidrRange[] {
  return liveResources(model, 'aws_subnet')
    .filter((subnet) => referencedResources(model, subnet.values['vpc_id'], 'aws_vpc').includes(vpc))
    .flatMap((subnet) => [subnet.values['cidr_block'], subnet.values['ipv6_cidr_block']])
    .flatMap((value) => asList(value))
    .map((value) => (typeof value === 'string' ? parseCidr(value) : undefined))
    .filter((range): range is CidrRange => range !== undefined);
}
