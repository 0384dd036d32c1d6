import { App } from 'cdktf';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { environments, stateConfig } from '../config';
import { EnvironmentStack } from '../stacks/environment-stack';
import { fakeBundleDirectory, synthesize, type TerraformBlock } from '../testing/synth-json';
import { HTTPS_PORT, MYSQL_PORT, SecurityGroups } from './security-groups';

const README = path.resolve(__dirname, '../../../../docs/infrastructure.md');

/** The synthesized rules of a stack as `<group role> <port> <peer role>`. */
function describeRules(json: TerraformBlock, type: string): string[] {
  const roleById = Object.fromEntries(
    Object.entries(json.resource.aws_security_group as Record<string, TerraformBlock>).map(([id, group]) => [
      id,
      group.name.replace(/^rdsp-[a-z]+-/, ''),
    ]),
  );
  const roleOf = (reference: string) => roleById[/aws_security_group\.([^.]+)\.id/.exec(reference)![1]];
  return Object.values((json.resource[type] ?? {}) as Record<string, TerraformBlock>)
    .map((rule) => `${roleOf(rule.security_group_id)} ${rule.from_port} ${roleOf(rule.referenced_security_group_id)}`)
    .sort();
}

describe('SecurityGroups', () => {
  it('creates one group per role, named after the stack, with no inline rules', () => {
    const synth = synthesize((scope) => {
      const groups = new SecurityGroups(scope, 'security-groups', { vpcId: 'vpc-1' });
      groups.create('proxy', 'RDS Proxy', MYSQL_PORT);
    });
    expect(synth.only('aws_security_group')).toMatchObject({
      name: 'rdsp-dev-proxy',
      description: 'RDS Proxy',
      vpc_id: 'vpc-1',
      revoke_rules_on_delete: true,
      tags: { Name: 'rdsp-dev-proxy' },
    });
    expect(synth.only('aws_security_group').ingress).toBeUndefined();
    expect(synth.only('aws_security_group').egress).toBeUndefined();
  });

  it('makes each allowed flow an egress rule on the client and an ingress rule on the server, SG to SG', () => {
    let recorded: SecurityGroups | undefined;
    const synth = synthesize((scope) => {
      recorded = new SecurityGroups(scope, 'security-groups', { vpcId: 'vpc-1' });
      const server = recorded.create('endpoint', 'Endpoint', HTTPS_PORT);
      const client = recorded.create('lambda', 'Lambda');
      server.allowDefaultPortFrom(client, 'Lambda to endpoint');
    });
    const ref = (role: string) => `\${aws_security_group.security-groups_${role}_`;
    const egress = synth.only('aws_vpc_security_group_egress_rule');
    const ingress = synth.only('aws_vpc_security_group_ingress_rule');
    expect(egress).toMatchObject({
      ip_protocol: 'tcp',
      from_port: 443,
      to_port: 443,
      description: 'Lambda to endpoint: egress',
    });
    expect(egress.security_group_id.startsWith(ref('lambda'))).toBe(true);
    expect(egress.referenced_security_group_id.startsWith(ref('endpoint'))).toBe(true);
    expect(ingress).toMatchObject({
      ip_protocol: 'tcp',
      from_port: 443,
      to_port: 443,
      description: 'Lambda to endpoint: ingress',
    });
    expect(ingress.security_group_id.startsWith(ref('endpoint'))).toBe(true);
    expect(ingress.referenced_security_group_id.startsWith(ref('lambda'))).toBe(true);
    expect(recorded?.flows).toEqual([
      { client: 'lambda', server: 'endpoint', port: 443, purpose: 'Lambda to endpoint' },
    ]);
  });

  it('refuses a second group for a role, a flow declared twice, and a flow to a group that serves no port', () => {
    expect(() =>
      synthesize((scope) => {
        const groups = new SecurityGroups(scope, 'security-groups', { vpcId: 'vpc-1' });
        groups.create('proxy', 'RDS Proxy', MYSQL_PORT);
        groups.create('proxy', 'again', MYSQL_PORT);
      }),
    ).toThrow('A security group for the proxy role exists already.');
    expect(() =>
      synthesize((scope) => {
        const groups = new SecurityGroups(scope, 'security-groups', { vpcId: 'vpc-1' });
        const proxy = groups.create('proxy', 'RDS Proxy', MYSQL_PORT);
        const lambda = groups.create('lambda', 'Lambda');
        proxy.allowDefaultPortFrom(lambda, 'first');
        proxy.allowDefaultPortFrom(lambda, 'second');
      }),
    ).toThrow('The flow lambda -> proxy:3306 is declared twice.');
    expect(() =>
      synthesize((scope) => {
        const groups = new SecurityGroups(scope, 'security-groups', { vpcId: 'vpc-1' });
        const lambda = groups.create('lambda', 'Lambda');
        lambda.allowDefaultPortFrom(groups.create('proxy', 'RDS Proxy', MYSQL_PORT), 'backwards');
      }),
    ).toThrow('The lambda security group serves no default port.');
  });
});

describe('the flow matrix of an environment, as the constructs declare it', () => {
  const app = new App({ outdir: fakeBundleDirectory() });
  const bundle = fakeBundleDirectory();
  const stack = new EnvironmentStack(app, 'dev', {
    config: environments.dev,
    state: stateConfig,
    variant: 'offline',
    lambdaBundles: { apiLambda: bundle, rotationLambda: bundle },
  });
  const json = JSON.parse(JSON.stringify(stack.toTerraform())) as TerraformBlock;
  const table = stack.network.securityGroups.flowTable();

  it('allows exactly the contract egress: lambda and rotation to proxy/db on 3306 and to the endpoint on 443', () => {
    expect(describeRules(json, 'aws_vpc_security_group_egress_rule')).toEqual([
      'lambda 3306 proxy',
      'lambda 443 endpoint',
      'proxy 3306 database',
      'proxy 443 endpoint',
      'rotation 3306 database',
      'rotation 443 endpoint',
    ]);
  });

  it('admits exactly the contract ingress: db from proxy and rotation, endpoint from lambda, proxy and rotation', () => {
    expect(describeRules(json, 'aws_vpc_security_group_ingress_rule')).toEqual([
      'database 3306 proxy',
      'database 3306 rotation',
      'endpoint 443 lambda',
      'endpoint 443 proxy',
      'endpoint 443 rotation',
      'proxy 3306 lambda',
    ]);
  });

  it('describes every rule, uses TCP on a single port, and never opens a CIDR', () => {
    const rules = [
      ...Object.values(json.resource.aws_vpc_security_group_egress_rule as Record<string, TerraformBlock>),
      ...Object.values(json.resource.aws_vpc_security_group_ingress_rule as Record<string, TerraformBlock>),
    ];
    expect(rules).toHaveLength(12);
    for (const rule of rules) {
      expect(rule.description).toMatch(/\w+ to \w+.*: (egress|ingress)$/);
      expect(rule).toMatchObject({ ip_protocol: 'tcp', from_port: rule.to_port });
      expect(rule.cidr_ipv4).toBeUndefined();
      expect(rule.cidr_ipv6).toBeUndefined();
    }
    expect(JSON.stringify(json)).not.toContain('0.0.0.0/0');
  });

  it('is quoted in the README exactly as the constructs declare it (regenerate it from this table)', () => {
    // Printed so a reviewer sees the whole matrix in the test log.
    console.log(`Security group flows of dev:\n${table}`);
    expect(table.split('\n')).toHaveLength(2 + 6);
    expect(readFileSync(README, 'utf8')).toContain(table);
  });
});
