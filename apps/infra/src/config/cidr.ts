/** An IPv4 CIDR block parsed into a 32-bit network address and a prefix length. */
export interface Ipv4Block {
  readonly network: number;
  readonly prefixLength: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses "10.0.0.0/16"; returns undefined for anything that is not a canonical IPv4 CIDR block. */
export function parseCidr(cidr: string): Ipv4Block | undefined {
  const match = CIDR_PATTERN.exec(cidr);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefixLength = Number(match[5]);
  if (octets.some((octet) => octet > 255) || prefixLength > 32) return undefined;
  const address = octets.reduce((value, octet) => value * 256 + octet, 0);
  const blockSize = 2 ** (32 - prefixLength);
  // Host bits set (10.0.0.1/16) usually means a typo; AWS would silently normalise it.
  if (address % blockSize !== 0) return undefined;
  return { network: address, prefixLength };
}

export function formatCidr(block: Ipv4Block): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(block.network / 2 ** shift) % 256);
  return `${octets.join('.')}/${block.prefixLength}`;
}

export function cidrsOverlap(first: Ipv4Block, second: Ipv4Block): boolean {
  const firstEnd = first.network + 2 ** (32 - first.prefixLength);
  const secondEnd = second.network + 2 ** (32 - second.prefixLength);
  return first.network < secondEnd && second.network < firstEnd;
}

/**
 * Private address space a VPC may use: RFC 1918 (10/8, 172.16/12, 192.168/16) and RFC 6598 shared space (100.64/10),
 * which AWS accepts for VPCs too (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html). A public
 * range (8.8.0.0/16) would shadow real internet addresses for everything inside the VPC.
 */
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'].map((cidr) =>
  parseCidr(cidr)!,
);

export function isPrivateBlock(block: Ipv4Block): boolean {
  return PRIVATE_RANGES.some(
    (range) =>
      block.prefixLength >= range.prefixLength &&
      block.network >= range.network &&
      block.network + 2 ** (32 - block.prefixLength) <= range.network + 2 ** (32 - range.prefixLength),
  );
}

/** The three isolated subnet tiers, in the order their address ranges are carved from the VPC block. */
export const SUBNET_TIERS = ['app', 'data', 'endpoints'] as const;
export type SubnetTier = (typeof SUBNET_TIERS)[number];

/** AWS refuses subnets smaller than /28. */
const SMALLEST_SUBNET_PREFIX = 28;
/** Two bits give four tier slots: app, data, endpoints and one spare for later tiers. */
const TIER_BITS = 2;

function azBits(azCount: number): number {
  // At least two bits so adding a third or fourth AZ later never renumbers existing subnets.
  return Math.max(2, Math.ceil(Math.log2(azCount)));
}

/** The subnet prefix length that `carveSubnets` produces for a VPC prefix and AZ count. */
export function subnetPrefixLength(vpcPrefixLength: number, azCount: number): number {
  return vpcPrefixLength + TIER_BITS + azBits(azCount);
}

export function subnetsFit(vpcPrefixLength: number, azCount: number): boolean {
  return subnetPrefixLength(vpcPrefixLength, azCount) <= SMALLEST_SUBNET_PREFIX;
}

/**
 * Splits the VPC block deterministically: a quarter per tier (app, data, endpoints, spare), and inside each tier
 * one equal slot per AZ index. A /16 with up to four AZs gives /20 subnets (4,091 usable addresses each).
 *
 * @example carveSubnets('10.0.0.0/16', 2).data[1] === '10.0.80.0/20'
 */
export function carveSubnets(vpcCidr: string, azCount: number): Record<SubnetTier, string[]> {
  const vpc = parseCidr(vpcCidr);
  if (!vpc) throw new Error(`vpcCidr: "${vpcCidr}" is not an IPv4 CIDR block`);
  if (!subnetsFit(vpc.prefixLength, azCount)) {
    throw new Error(`vpcCidr: ${vpcCidr} is too small for ${azCount} AZs x 3 tiers of /28 or larger subnets`);
  }
  const prefixLength = subnetPrefixLength(vpc.prefixLength, azCount);
  const subnetSize = 2 ** (32 - prefixLength);
  const tierSize = 2 ** (32 - vpc.prefixLength - TIER_BITS);
  const carveTier = (tierIndex: number): string[] =>
    Array.from({ length: azCount }, (_, azIndex) =>
      formatCidr({ network: vpc.network + tierIndex * tierSize + azIndex * subnetSize, prefixLength }),
    );
  return { app: carveTier(0), data: carveTier(1), endpoints: carveTier(2) };
}
