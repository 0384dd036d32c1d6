import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { review } from '../review';
import { allRules } from '../rules/index';
import { fixturePlan, fixtureSynth, planModel, synthModel, type PlanJson } from '../testing/fixtures';
import { allow, OUR_ACCOUNT, trust } from '../testing/policy-documents';
import { runMain } from '../testing/run-cli';
import { InputError } from './input-error';
import { readModel } from './read-model';

describe('input a review cannot use', () => {
  let folder: string;
  beforeEach(() => (folder = mkdtempSync(join(tmpdir(), 'plan-review-hostile-'))));
  afterEach(() => rmSync(folder, { recursive: true, force: true }));
  const write = (name: string, content: unknown) => {
    const path = join(folder, name);
    writeFileSync(path, JSON.stringify(content));
    return path;
  };

  it.each([
    ['a resource type that is a string', { resource: { aws_db_instance: 'x' } }, /`resource.aws_db_instance` is not/],
    ['a resource type that is a list', { resource: { aws_db_instance: [{}] } }, /`resource.aws_db_instance` is not/],
    ['a resource that is not an object', { resource: { aws_db_instance: { db: 1 } } }, /`resource.aws_db_instance`/],
    ['`resource` that is not an object', { terraform: {}, resource: 'x' }, /`resource` is not an object/],
  ])('rejects a synth with %s (exit 2, one line)', async (_, synth, message) => {
    const path = write('cdk.tf.json', synth);
    expect(() => readModel({ synthPath: path })).toThrow(InputError);
    expect(() => readModel({ synthPath: path })).toThrow(message);
    const run = await runMain(['--synth', path, '--env', 'dev', '--format', 'json']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each([
    ['an object', { 'aws_db_instance.db': {} }],
    ['a string', 'none'],
    ['a list of strings', ['aws_db_instance.db']],
  ])('rejects a plan whose resource_changes is %s (exit 2)', async (_, changes) => {
    const plan: PlanJson = fixturePlan();
    plan['resource_changes'] = changes;
    const path = write('plan.json', plan);
    expect(() => readModel({ planPath: path })).toThrow(/`resource_changes` is not a list/);
    expect((await runMain(['--plan', path, '--format', 'json'])).status).toBe(2);
  });

  it('still reads a plan without resource_changes (Terraform leaves it out when nothing changes)', () => {
    const plan: PlanJson = fixturePlan();
    delete plan['resource_changes'];
    expect(planModel(plan).resources).toEqual([]);
  });
});

describe("the stack's own accounts", () => {
  it('come only from the default AWS provider of a plan, not from an aliased one', () => {
    const plan: PlanJson = fixturePlan();
    plan['configuration'].provider_config['aws.other'] = {
      name: 'aws',
      full_name: 'registry.terraform.io/hashicorp/aws',
      alias: 'other',
      expressions: { allowed_account_ids: { constant_value: ['999999999999'] } },
    };
    expect(planModel(plan).accountIds).toEqual([OUR_ACCOUNT]);
  });

  it('come only from the default AWS provider of a synth, not from an aliased one', () => {
    const synth = fixtureSynth();
    synth['provider'].aws.push({ alias: 'other', allowed_account_ids: ['999999999999'] });
    expect(synthModel(synth).accountIds).toEqual([OUR_ACCOUNT]);
  });

  const foreignAccountFailures = (model: ReturnType<typeof planModel>) => {
    const rules = allRules.filter((rule) => rule.id === 'resource-policy-no-foreign-account');
    const [result] = review(model, { rules }).results;
    return (result?.findings ?? []).filter((found) => !found.passed).map((found) => found.message);
  };
  const NO_ACCOUNT =
    'the stack names no account of its own: no allowed_account_ids; review the plan next to its cdk.tf.json';

  it('are none in a plan read without its synth whose provider pins none, and the rule says so plainly', () => {
    const plan: PlanJson = fixturePlan();
    delete plan['configuration'].provider_config.aws.expressions.allowed_account_ids;
    const model = planModel(plan);
    expect(model.accountIds).toEqual([]);
    const failures = foreignAccountFailures(model);
    expect(failures.length).toBeGreaterThan(0);
    for (const message of failures) expect(message).toContain(NO_ACCOUNT);
  });

  it('say nothing of a missing account when the stack names its own', () => {
    const synth = fixtureSynth();
    trust(synth, allow({ AWS: 'arn:aws:iam::999988887777:root' }, 'sts:AssumeRole'));
    const [message, ...others] = foreignAccountFailures(synthModel(synth));
    expect(others).toEqual([]);
    expect(message).toContain("neither the stack's own (allowed_account_ids) nor in");
    expect(message).not.toContain(NO_ACCOUNT);
  });
});
