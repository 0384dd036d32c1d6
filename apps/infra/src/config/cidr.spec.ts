import { carveSubnets, cidrsOverlap, parseCidr } from './cidr';

describe('carveSubnets', () => {
  it('GIVEN a /16 and 2 AZs THEN each tier gets its own quarter and each AZ a /20 inside it', () => {
    expect(carveSubnets('10.10.0.0/16', 2)).toEqual({
      app: ['10.10.0.0/20', '10.10.16.0/20'],
      data: ['10.10.64.0/20', '10.10.80.0/20'],
      endpoints: ['10.10.128.0/20', '10.10.144.0/20'],
    });
  });

  it('GIVEN a third AZ THEN the subnets of the first two keep their ranges', () => {
    const twoAzs = carveSubnets('10.10.0.0/16', 2);
    const threeAzs = carveSubnets('10.10.0.0/16', 3);
    expect(threeAzs.data.slice(0, 2)).toEqual(twoAzs.data);
    expect(threeAzs.data[2]).toBe('10.10.96.0/20');
  });

  it('GIVEN any layout THEN no two subnets overlap and all sit inside the VPC', () => {
    const vpc = parseCidr('10.20.0.0/16')!;
    const subnets = Object.values(carveSubnets('10.20.0.0/16', 4))
      .flat()
      .map((cidr) => parseCidr(cidr)!);
    subnets.forEach((subnet, index) => {
      expect(cidrsOverlap(subnet, vpc)).toBe(true);
      subnets.slice(index + 1).forEach((other) => expect(cidrsOverlap(subnet, other)).toBe(false));
    });
  });

  it('GIVEN a VPC too small for /28 subnets THEN it refuses', () => {
    expect(() => carveSubnets('10.0.0.0/25', 2)).toThrow(/vpcCidr: 10\.0\.0\.0\/25 is too small/);
  });
});
