import { cidrContains, hostBits, parseCidr } from './cidr';

const range = (text: string) => {
  const parsed = parseCidr(text);
  if (!parsed) throw new Error(`${text} did not parse`);
  return parsed;
};

describe('parseCidr', () => {
  it('reads IPv4 and IPv6 blocks, with host bits set or not', () => {
    expect(range('10.20.0.0/16')).toMatchObject({ version: 4, first: 0x0a140000n, last: 0x0a14ffffn });
    expect(range('10.20.3.4/16').first).toBe(0x0a140000n);
    expect(range('2001:db8::/32')).toMatchObject({ version: 6, first: 0x20010db8n << 96n });
    expect(hostBits(range('::/0'))).toBe(128);
  });

  it.each(['10.20.0.0', '10.20.0.256/24', '10.0.0.0/33', '1::2::3/64', '${var.cidr}', '::/129'])('refuses %s', (text) =>
    expect(parseCidr(text)).toBeUndefined(),
  );
});

describe('cidrContains', () => {
  const vpc = range('10.20.0.0/16');

  it('holds a subnet and the block itself', () => {
    expect(cidrContains(vpc, range('10.20.1.0/24'))).toBe(true);
    expect(cidrContains(vpc, range('10.20.0.0/16'))).toBe(true);
  });

  it.each(['10.0.0.0/8', '10.0.0.0/7', '0.0.0.0/1', '128.0.0.0/1', '10.21.0.0/24', '::/0'])(
    'does not hold %s',
    (text) => expect(cidrContains(vpc, range(text))).toBe(false),
  );
});
