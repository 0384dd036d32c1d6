import { review } from '../../review';
import { fixturePlan, planModel, type PlanJson } from '../../testing/fixtures';

const VPC = 'aws_vpc.network_vpc_4E8F0223';
const PROXY_INGRESS = 'aws_vpc_security_group_ingress_rule.security-groups_proxy-from-lambda_0FD2B8ED';

const resultOf = (plan: PlanJson, ruleId: string) => {
  const result = review(planModel(plan)).results.find((found) => found.rule.id === ruleId);
  if (!result) throw new Error(`no rule ${ruleId}`);
  return result;
};
const failures = (plan: PlanJson, ruleId: string) =>
  resultOf(plan, ruleId)
    .findings.filter((found) => !found.passed)
    .map((found) => found.message);
const resourceChange = (plan: PlanJson, address: string) =>
  plan.resource_changes.find((candidate: { address: string }) => candidate.address === address);

/** The ingress rule of the proxy, admitting a CIDR instead of the Lambda's group, as the plan shows it. */
const proxyIngressFrom = (plan: PlanJson, cidr: string) => {
  const { change } = resourceChange(plan, PROXY_INGRESS);
  change.after.cidr_ipv4 = cidr;
  delete change.after_unknown.referenced_security_group_id;
};

/** An existing route table the change edits, with every target attribute present as the provider plans them. */
const routeTableChange = (route: Record<string, string>) => ({
  address: 'aws_route_table.legacy',
  mode: 'managed',
  type: 'aws_route_table',
  name: 'legacy',
  provider_name: 'registry.terraform.io/hashicorp/aws',
  change: {
    actions: ['update'],
    before: { id: 'rtb-0abc', route: [], vpc_id: 'vpc-0abc' },
    after: {
      id: 'rtb-0abc',
      vpc_id: 'vpc-0abc',
      route: [
        {
          ...Object.fromEntries(
            ['ipv6_cidr_block', 'destination_prefix_list_id', 'core_network_arn', 'carrier_gateway_id']
              .concat(['egress_only_gateway_id', 'gateway_id', 'local_gateway_id', 'nat_gateway_id'])
              .concat(['network_interface_id', 'transit_gateway_id', 'vpc_endpoint_id', 'vpc_peering_connection_id'])
              .map((attribute) => [attribute, '']),
          ),
          cidr_block: '0.0.0.0/0',
          ...route,
        },
      ],
    },
    after_unknown: {},
  },
});

describe('the network rules on a plan', () => {
  it.each(['security-group-no-public-ingress', 'security-group-egress-within-vpc', 'vpc-no-external-connections'])(
    '%s passes on our fixture plan',
    (ruleId) => expect(resultOf(fixturePlan(), ruleId).status).toBe('pass'),
  );

  it('fails ingress from half the internet, the group named by an unknown reference', () => {
    const plan = fixturePlan();
    proxyIngressFrom(plan, '128.0.0.0/1');
    expect(failures(plan, 'security-group-no-public-ingress')).toEqual([
      expect.stringContaining('admits 128.0.0.0/1 (outside network/vpc (10.20.0.0/16))'),
    ]);
  });

  it('fails closed when IPAM assigns the VPC block at apply, even for a CIDR that may turn out inside', () => {
    const plan = fixturePlan();
    const { change } = resourceChange(plan, VPC);
    delete change.after.cidr_block;
    Object.assign(change.after, { ipv4_ipam_pool_id: 'ipam-pool-0abc', ipv4_netmask_length: 16 });
    change.after_unknown.cidr_block = true;
    const configured = plan.configuration.root_module.resources.find(
      (candidate: { address: string }) => candidate.address === VPC,
    ).expressions;
    delete configured.cidr_block;
    configured.ipv4_ipam_pool_id = { constant_value: 'ipam-pool-0abc' };
    proxyIngressFrom(plan, '10.20.0.0/24');
    expect(failures(plan, 'security-group-no-public-ingress')).toEqual([
      expect.stringContaining('its IPv4 block is not known at plan time'),
    ]);
  });

  it('fails a route to an existing internet gateway, and passes the local route', () => {
    const plan = fixturePlan();
    plan.resource_changes.push(routeTableChange({ gateway_id: 'igw-0abc' }));
    expect(failures(plan, 'route-table-local-only')).toEqual([
      'legacy routes 0.0.0.0/0 to internet gateway igw-0abc (not created in this stack)',
    ]);

    const local = fixturePlan();
    local.resource_changes.push(routeTableChange({ cidr_block: '10.20.0.0/16', gateway_id: 'local' }));
    expect(resultOf(local, 'route-table-local-only').status).toBe('pass');
  });
});
