import type { TerraformResource } from 'cdktf';
import { SecurityGroups } from './security-groups';
import { synthesize, type TerraformBlock } from '../testing/synth-json';

describe('SecurityGroups', () => {
  let groups!: SecurityGroups;
  const synth = synthesize((scope) => {
    groups = new SecurityGroups(scope, 'sgs', { namePrefix: 'rdsp-test', vpcId: 'vpc-1' });
  });
  const groupIds = Object.fromEntries(
    Object.entries(synth.resources('aws_security_group')).map(([id, group]) => [
      id,
      group.name.replace('rdsp-test-', ''),
    ]),
  );
  const roleOf = (reference: string) => groupIds[/aws_security_group\.([^.]+)\.id/.exec(reference)![1]];
  const describeRule = (rule: TerraformBlock) =>
    `${roleOf(rule.security_group_id)} ${rule.from_port} ${roleOf(rule.referenced_security_group_id)}`;
  const rules = (type: string) => Object.values(synth.resources(type)).map(describeRule);

  it('creates one group per role with no inline rules', () => {
    expect(Object.values(groupIds).sort()).toEqual(['database', 'endpoint', 'lambda', 'proxy', 'rotation']);
    for (const group of Object.values(synth.resources('aws_security_group'))) {
      expect(group.ingress).toBeUndefined();
      expect(group.egress).toBeUndefined();
    }
  });

  it('allows exactly the contract egress: lambda and rotation to proxy/db on 3306 and to the endpoint on 443', () => {
    expect(rules('aws_vpc_security_group_egress_rule').sort()).toEqual([
      'lambda 3306 proxy',
      'lambda 443 endpoint',
      'proxy 3306 database',
      'proxy 443 endpoint',
      'rotation 3306 database',
      'rotation 443 endpoint',
    ]);
  });

  it('admits exactly the contract ingress: db from proxy and rotation, endpoint from lambda, proxy and rotation', () => {
    expect(rules('aws_vpc_security_group_ingress_rule').sort()).toEqual([
      'database 3306 proxy',
      'database 3306 rotation',
      'endpoint 443 lambda',
      'endpoint 443 proxy',
      'endpoint 443 rotation',
      'proxy 3306 lambda',
    ]);
  });

  it('describes every rule, uses TCP on a single port, and never opens a CIDR', () => {
    const allRules = [
      ...Object.values(synth.resources('aws_vpc_security_group_egress_rule')),
      ...Object.values(synth.resources('aws_vpc_security_group_ingress_rule')),
    ];
    for (const rule of allRules) {
      expect(rule.description).toMatch(/\w+ to \w+/);
      expect(rule).toMatchObject({ ip_protocol: 'tcp', from_port: rule.to_port });
      expect(rule.cidr_ipv4).toBeUndefined();
      expect(rule.cidr_ipv6).toBeUndefined();
    }
    expect(synth.text).not.toContain('0.0.0.0/0');
  });

  it('exposes the rotation flows (egress on rotation, ingress on database and endpoint) for ordering', () => {
    const synthesized = (rule: TerraformResource) =>
      describeRule(synth.resources(rule.terraformResourceType)[rule.friendlyUniqueId]);
    const { database, endpoint } = groups.rotationFlows;
    expect([database.egress, database.ingress, endpoint.egress, endpoint.ingress].map(synthesized)).toEqual([
      'rotation 3306 database',
      'database 3306 rotation',
      'rotation 443 endpoint',
      'endpoint 443 rotation',
    ]);
  });
});
