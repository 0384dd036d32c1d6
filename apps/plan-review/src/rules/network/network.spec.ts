import { review } from '../../review';
import {
  addSynthResource,
  fixtureSynth,
  planModel,
  synthModel,
  type PlanJson,
  type SynthJson,
} from '../../testing/fixtures';
import { planOf } from '../../testing/plan-builder';
import { allRules } from '../index';

const VPC = 'aws_vpc.network_vpc_4E8F0223';
const DEFAULT_GROUP = 'aws_default_security_group.network_default-sg_0F35F98C';

const resultOf = (model: ReturnType<typeof synthModel>, ruleId: string) => {
  const rules = allRules.filter((rule) => rule.id === ruleId);
  const result = review(model, { rules }).results.find((found) => found.rule.id === ruleId);
  if (!result) throw new Error(`no rule ${ruleId}`);
  return result;
};
const failures = (model: ReturnType<typeof synthModel>, ruleId: string) =>
  resultOf(model, ruleId)
    .findings.filter((found) => !found.passed)
    .map((found) => found.message);

/**
 * A VPC's default security group is the one AWS creates with it; instances and endpoints launched without a group are
 * placed in it (https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html). Its rules can be added
 * inline (`aws_default_security_group`'s ingress/egress blocks) or by separate resources naming its id:
 * `aws_security_group_rule` and `aws_vpc_security_group_ingress_rule` / `_egress_rule` take any group's
 * `security_group_id` (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpc_security_group_ingress_rule),
 * and the VPC exports its default group's id as `default_security_group_id`
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpc#default_security_group_id).
 * The cases are those of checkov's CKV2_AWS_12 fixture (tests/terraform/graph/checks/resources/VPCHasRestrictedSG).
 */
describe('vpc-default-security-group-closed', () => {
  const RULE = 'vpc-default-security-group-closed';
  const withRule = (synth: SynthJson, type: string, values: Record<string, unknown>) =>
    addSynthResource(synth, type, 'default-open', {
      from_port: 80,
      to_port: 8080,
      description: 'opens the default group',
      ...values,
    });

  it('passes our fixture: an aws_default_security_group with no rules, and none added to it', () => {
    expect(resultOf(synthModel(fixtureSynth()), RULE).status).toBe('pass');
  });

  it.each([
    [
      'an aws_security_group_rule',
      'aws_security_group_rule',
      { type: 'ingress', protocol: '-1', security_group_id: `\${${DEFAULT_GROUP}.id}`, cidr_blocks: ['0.0.0.0/0'] },
      'an ingress rule',
    ],
    [
      'an aws_vpc_security_group_ingress_rule',
      'aws_vpc_security_group_ingress_rule',
      { ip_protocol: 'tcp', security_group_id: `\${${DEFAULT_GROUP}.id}`, cidr_ipv4: '10.0.0.0/8' },
      'an ingress rule',
    ],
    [
      'an aws_vpc_security_group_egress_rule',
      'aws_vpc_security_group_egress_rule',
      { ip_protocol: 'tcp', security_group_id: `\${${DEFAULT_GROUP}.id}`, cidr_ipv4: '10.0.0.0/8' },
      'an egress rule',
    ],
    [
      "an ingress rule naming the VPC's default_security_group_id",
      'aws_vpc_security_group_ingress_rule',
      { ip_protocol: 'tcp', security_group_id: `\${${VPC}.default_security_group_id}`, cidr_ipv4: '10.0.0.0/8' },
      'an ingress rule',
    ],
  ])('fails a default group that %s opens', (_, type, values, what) => {
    const synth = fixtureSynth();
    withRule(synth, type, values);
    expect(failures(synthModel(synth), RULE)).toEqual([`default-open adds ${what} to network/default-sg`]);
  });

  it('fails a default group opened through the VPC even when the stack does not manage the group', () => {
    const synth = fixtureSynth();
    delete synth['resource'].aws_default_security_group;
    withRule(synth, 'aws_security_group_rule', {
      type: 'egress',
      protocol: '-1',
      security_group_id: `\${${VPC}.default_security_group_id}`,
      cidr_blocks: ['0.0.0.0/0'],
    });
    expect(failures(synthModel(synth), RULE)).toEqual([
      'network/vpc leaves its default security group unmanaged (add aws_default_security_group with no rules); ' +
        'default-open adds an egress rule to the default security group of network/vpc',
    ]);
  });

  it("does not count a rule of another group, nor a reference to another of the VPC's attributes", () => {
    const synth = fixtureSynth();
    withRule(synth, 'aws_vpc_security_group_ingress_rule', {
      ip_protocol: 'tcp',
      security_group_id: '${aws_security_group.security-groups_proxy_E356D6AD.id}',
      referenced_security_group_id: `\${${VPC}.default_security_group_id}`,
    });
    expect(resultOf(synthModel(synth), RULE).status).toBe('pass');
  });

  it('fails, in a plan, an ingress rule on the default group of a count instance of a VPC', () => {
    const plan: PlanJson = planOf(
      { address: 'aws_vpc.v[0]', after: { cidr_block: '10.0.0.0/16' }, computed: ['default_security_group_id'] },
      {
        address: 'aws_default_security_group.d',
        references: { vpc_id: ['aws_vpc.v[0].id', 'aws_vpc.v[0]', 'aws_vpc.v'] },
      },
      {
        address: 'aws_vpc_security_group_ingress_rule.pike',
        after: { cidr_ipv4: '10.0.0.0/8', from_port: 80, ip_protocol: 'tcp', to_port: 8080 },
        references: {
          security_group_id: ['aws_vpc.v[0].default_security_group_id', 'aws_vpc.v[0]', 'aws_vpc.v'],
        },
      },
    );
    expect(failures(planModel(plan), RULE)).toEqual(['pike adds an ingress rule to d']);
  });

  it('fails, in a plan, a rule naming by its id the default group of a VPC that already exists', () => {
    const plan: PlanJson = planOf(
      {
        address: 'aws_vpc.v',
        after: { id: 'vpc-0abc', cidr_block: '10.0.0.0/16', default_security_group_id: 'sg-0default' },
      },
      { address: 'aws_default_security_group.d', after: { vpc_id: 'vpc-0abc' } },
      {
        address: 'aws_security_group_rule.open',
        after: { type: 'ingress', protocol: '-1', from_port: 0, to_port: 0, security_group_id: 'sg-0default' },
      },
    );
    expect(failures(planModel(plan), RULE)).toEqual(['open adds an ingress rule to d']);
  });
});

/**
 * Flow logs (checkov CKV2_AWS_11) of VPCs made with `count`: the flow log names `aws_vpc.v[0].id`, and the plan
 * lists the VPC as `aws_vpc.v[0]` (https://developer.hashicorp.com/terraform/language/meta-arguments/count#referring-to-instances).
 */
describe('vpc-flow-logs', () => {
  const RULE = 'vpc-flow-logs';
  const vpcs = [
    { address: 'aws_vpc.v[0]', after: { cidr_block: '10.0.0.0/16' } },
    { address: 'aws_vpc.v[1]', after: { cidr_block: '10.1.0.0/16' } },
  ];
  const flowLog = (vpc: string) => ({
    address: 'aws_flow_log.f',
    after: { traffic_type: 'ALL' },
    references: { vpc_id: [`${vpc}.id`, vpc, 'aws_vpc.v'] },
  });

  it('passes the instance a flow log names, and fails the other one', () => {
    const result = resultOf(planModel(planOf(...vpcs, flowLog('aws_vpc.v[0]'))), RULE);
    expect(result.findings.map(({ address, passed }) => [address, passed])).toEqual([
      ['aws_vpc.v[0]', true],
      ['aws_vpc.v[1]', false],
    ]);
  });

  it('passes every instance when a flow log per instance names it by count.index', () => {
    const perInstance = [0, 1].map((index) => ({
      address: `aws_flow_log.f[${index}]`,
      after: { traffic_type: 'ALL' },
      // `vpc_id = aws_vpc.v[count.index].id`: the key is known only per instance, so Terraform records the resource.
      references: { vpc_id: ['aws_vpc.v', 'count.index'] },
    }));
    expect(resultOf(planModel(planOf(...vpcs, ...perInstance)), RULE).status).toBe('pass');
  });

  it('passes a VPC named by a literal key of a for_each', () => {
    const plan = planOf(
      { address: 'aws_vpc.v["a"]', after: { cidr_block: '10.0.0.0/16' } },
      {
        address: 'aws_flow_log.f',
        after: { traffic_type: 'ALL' },
        references: { vpc_id: ['aws_vpc.v["a"].id', 'aws_vpc.v["a"]', 'aws_vpc.v'] },
      },
    );
    expect(resultOf(planModel(plan), RULE).status).toBe('pass');
  });
});
