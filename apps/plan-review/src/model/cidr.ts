/** An IPv4 or IPv6 CIDR block as a range of addresses, so that containment can be decided for any prefix length. */
export interface CidrRange {
  readonly text: string;
  readonly version: 4 | 6;
  readonly first: bigint;
  readonly last: bigint;
}

/** Parses `10.20.0.0/16` or `2600:1f18::/56`; undefined for anything else (an expression, a typo). */
export function parseCidr(text: string): CidrRange | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text.trim());
  if (!match) return undefined;
  const [, address, prefixText] = match;
  const version = address.includes(':') ? 6 : 4;
  const bits = version === 4 ? 32 : 128;
  const prefix = Number(prefixText);
  const value = version === 4 ? ipv4(address) : ipv6(address);
  if (value === undefined || prefix > bits) return undefined;
  const hostBits = BigInt(bits - prefix);
  const first = (value >> hostBits) << hostBits;
  return { text, version, first, last: first + (1n << hostBits) - 1n };
}

/** True when every address of `inner` is inside `outer` (same IP version). */
export function cidrContains(outer: CidrRange, inner: CidrRange): boolean {
  return outer.version === inner.version && outer.first <= inner.first && inner.last <= outer.last;
}

/** The number of addresses a block covers, as a power of two: a /16 has 16 host bits. */
export function hostBits(range: CidrRange): number {
  return (range.last - range.first + 1n).toString(2).length - 1;
}

function ipv4(address: string): bigint | undefined {
  const octets = address.split('.');
  if (octets.length !== 4 || !octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255)) {
    return undefined;
  }
  return octets.reduce((value, octet) => (value << 8n) + BigInt(octet), 0n);
}

function ipv6(address: string): bigint | undefined {
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (!all.every((group) => /^[0-9a-f]{1,4}$/i.test(group))) return undefined;
  return all.reduce((value, group) => (value << 16n) + BigInt(parseInt(group, 16)), 0n);
}
