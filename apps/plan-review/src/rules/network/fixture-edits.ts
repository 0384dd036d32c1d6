import { addSynthResource, synthResource, type SynthJson } from '../../testing/fixtures';

/**
 * Edits of the fixture's isolated VPC for the network rules' cases: 10.20.0.0/16 with /24 subnets, whose flows are
 * all security group to security group.
 */
export const VPC_ID = '${aws_vpc.network_vpc_4E8F0223.id}';
export const PROXY_GROUP_ID = '${aws_security_group.security-groups_proxy_E356D6AD.id}';
export const LAMBDA_GROUP_ID = '${aws_security_group.security-groups_lambda_BAF8CC59.id}';

export const proxyIngress = (synth: SynthJson) =>
  synthResource(synth, 'aws_vpc_security_group_ingress_rule', 'proxy-from-lambda');
export const lambdaEgress = (synth: SynthJson) =>
  synthResource(synth, 'aws_vpc_security_group_egress_rule', 'lambda-to-proxy');
/** The database's security group, with no inline rules in the fixture. */
export const databaseGroup = (synth: SynthJson) =>
  synthResource(synth, 'aws_security_group', 'security-groups/database');

/** Replaces the SG-to-SG peer of the proxy's ingress rule with CIDRs. */
export const proxyIngressFrom = (synth: SynthJson, cidrs: Record<string, string>) =>
  Object.assign(proxyIngress(synth), { referenced_security_group_id: undefined, ...cidrs });

/** An extra legacy `aws_security_group_rule` into the proxy's group on 3306. */
export const classicIngress = (synth: SynthJson, cidrs: Record<string, unknown>) =>
  addSynthResource(synth, 'aws_security_group_rule', 'proxy-extra', {
    type: 'ingress',
    security_group_id: PROXY_GROUP_ID,
    protocol: 'tcp',
    from_port: 3306,
    to_port: 3306,
    description: 'extra',
    ...cidrs,
  });

/** A new security group in the VPC whose rules are inline blocks. */
export const inlineGroup = (
  synth: SynthJson,
  ingress: Record<string, unknown>[],
  egress: Record<string, unknown>[] = [],
) =>
  addSynthResource(synth, 'aws_security_group', 'inline', {
    name: 'inline',
    description: 'inline rules',
    vpc_id: VPC_ID,
    ingress: ingress.map((rule) => ({ protocol: 'tcp', from_port: 3306, to_port: 3306, description: 'x', ...rule })),
    egress: egress.map((rule) => ({ protocol: 'tcp', from_port: 443, to_port: 443, description: 'x', ...rule })),
  });

/** The fixture's tiers as the infra app builds them: a route table each, with only the implicit local route. */
export const isolatedRouteTables = (synth: SynthJson) => {
  for (const tier of ['app', 'data', 'endpoints']) {
    addSynthResource(synth, 'aws_route_table', `${tier}-route-table`, { vpc_id: VPC_ID, tags: { Name: tier } });
  }
};
export const routeTable = (synth: SynthJson) => synthResource(synth, 'aws_route_table', 'app-route-table');
export const addRoute = (synth: SynthJson, target: Record<string, unknown>) =>
  addSynthResource(synth, 'aws_route', 'out', {
    route_table_id: '${aws_route_table.app-route-table.id}',
    destination_cidr_block: '0.0.0.0/0',
    ...target,
  });

/** An S3 gateway endpoint of the stack (its prefix list is the only one egress may name). */
export const addS3GatewayEndpoint = (synth: SynthJson) =>
  addSynthResource(synth, 'aws_vpc_endpoint', 's3', {
    vpc_id: VPC_ID,
    service_name: 'com.amazonaws.ap-northeast-2.s3',
    vpc_endpoint_type: 'Gateway',
  });

/** A dynamic `ingress` or `egress` block on the database security group: 3306 from 0.0.0.0/0, rules from a variable. */
export const openDynamicRule = (direction: 'ingress' | 'egress') => (synth: SynthJson) =>
  (databaseGroup(synth).dynamic = {
    [direction]: {
      for_each: '${var.rules}',
      content: {
        from_port: 3306,
        to_port: 3306,
        protocol: 'tcp',
        cidr_blocks: ['0.0.0.0/0'],
        description: 'from the variable',
      },
    },
  });
