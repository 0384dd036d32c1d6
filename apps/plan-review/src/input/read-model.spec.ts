import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { valueAt } from '../model/values';
import { addSynthResource, fixturePlan, fixtureSynth, planModel, synthModel, synthResource } from '../testing/fixtures';
import { InputError } from './input-error';
import { readModel } from './read-model';

describe('readModel', () => {
  let folder: string;
  beforeEach(() => (folder = mkdtempSync(join(tmpdir(), 'plan-review-input-'))));
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  const write = (name: string, content: string) => {
    const path = join(folder, name);
    writeFileSync(path, content);
    return path;
  };

  it('rejects a missing file with a sentence naming it', () => {
    expect(() => readModel({ planPath: join(folder, 'nope.json') })).toThrow(
      new InputError(`Plan file ${join(folder, 'nope.json')} does not exist or cannot be read.`),
    );
  });

  it('rejects a file that is not JSON without echoing its content', () => {
    const read = () => readModel({ planPath: write('plan.json', 'password=Passw0rd and more text') });
    expect(read).toThrow(/is not valid JSON/);
    expect(read).not.toThrow(/Passw0rd/);
  });

  it('recognises a binary plan and says how to convert it', () => {
    expect(() => readModel({ planPath: write('tfplan', 'PK\u0003\u0004binary') })).toThrow(/terraform show -json/);
  });

  it('rejects a plan for another provider', () => {
    const google = {
      format_version: '1.2',
      resource_changes: [
        {
          address: 'google_sql_database_instance.db',
          mode: 'managed',
          type: 'google_sql_database_instance',
          name: 'db',
          provider_name: 'registry.terraform.io/hashicorp/google',
          change: { actions: ['create'], after: {} },
        },
      ],
      configuration: {
        provider_config: { google: { name: 'google', full_name: 'registry.terraform.io/hashicorp/google' } },
      },
    };
    expect(() => readModel({ planPath: write('plan.json', JSON.stringify(google)) })).toThrow(
      /registry.terraform.io\/hashicorp\/google, not AWS/,
    );
  });

  /**
   * Terraform 0.12 writes JSON format 0.1: `provider_name` is the provider configuration's name (`aws`, `aws.west`) and
   * `provider_config` entries have a `name` but no `full_name`; provider source addresses
   * (`registry.terraform.io/hashicorp/aws`) came with 0.13 (https://developer.hashicorp.com/terraform/cli/commands/0.13upgrade;
   * https://github.com/hashicorp/terraform/pull/25238 quotes a plan of 0.12.26).
   */
  it('reads a plan of Terraform 0.12, whose provider_name is "aws"', () => {
    const plan = {
      format_version: '0.1',
      terraform_version: '0.12.31',
      planned_values: { root_module: {} },
      resource_changes: ['aws_vpc.main', 'aws_flow_log.main'].map((address) => ({
        address,
        mode: 'managed',
        type: address.split('.')[0],
        name: 'main',
        provider_name: 'aws',
        change: { actions: ['create'], before: null, after: {}, after_unknown: {} },
      })),
      configuration: {
        provider_config: { aws: { name: 'aws', expressions: { region: { constant_value: 'eu-west-1' } } } },
      },
    };
    const model = readModel({ planPath: write('plan.json', JSON.stringify(plan)) });
    expect(model.resources.map((resource) => resource.address)).toEqual(['aws_vpc.main', 'aws_flow_log.main']);
    const aliased = {
      ...plan,
      resource_changes: plan.resource_changes.map((change) => ({ ...change, provider_name: 'aws.west' })),
    };
    expect(
      readModel({ planPath: write('plan.json', JSON.stringify({ ...aliased, configuration: {} })) }).resources,
    ).toHaveLength(2);
  });

  /**
   * Terraform leaves `resource_changes` out when nothing changes (`omitempty`,
   * https://developer.hashicorp.com/terraform/internals/json-format#plan-representation), and writes no provider
   * when the configuration declares none: there is nothing to review, which is not another provider's plan.
   */
  it.each([
    [
      'with the AWS provider configured',
      {
        configuration: { provider_config: { aws: { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws' } } },
      },
    ],
    [
      'of Terraform 0.12 (provider_config without full_name)',
      { configuration: { provider_config: { aws: { name: 'aws' } } } },
    ],
    ['with no provider at all', { configuration: { root_module: {} } }],
    ['with no configuration', {}],
  ])('reads an empty plan %s as an empty stack', (_, rest) => {
    const plan = { format_version: '1.2', terraform_version: '1.11.4', planned_values: { root_module: {} }, ...rest };
    const model = readModel({ planPath: write('plan.json', JSON.stringify(plan)) });
    expect(model.kind).toBe('plan');
    expect(model.resources).toEqual([]);
  });

  /**
   * Windows PowerShell 5.1's `>` writes UTF-16LE with a byte order mark
   * (https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.core/about/about_character_encoding),
   * and some editors save UTF-8 with one. RFC 8259 section 8.1 lets a parser ignore the mark; JSON before it could be
   * UTF-16 of either byte order (RFC 7159 section 8.1).
   */
  it.each([
    [
      'UTF-16LE with a byte order mark',
      (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    ],
    [
      'UTF-16BE with a byte order mark',
      (text: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]),
    ],
    [
      'UTF-8 with a byte order mark',
      (text: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]),
    ],
  ])('reads a plan file in %s', (_, encode) => {
    const plan = fixturePlan();
    // A character outside ASCII, so a wrong decoding could not pass unnoticed.
    plan.configuration.root_module.resources[0].expressions.description = { constant_value: 'Zugriff für die Lambda' };
    const path = join(folder, 'plan.json');
    writeFileSync(path, encode(JSON.stringify(plan, null, 2)));
    const model = readModel({ planPath: path });
    expect(model.resources.map((resource) => resource.address)).toEqual(
      planModel(fixturePlan()).resources.map((resource) => resource.address),
    );
    expect(model.resources[0].configured?.['description']).toBe('Zugriff für die Lambda');
  });

  it('still rejects a UTF-16 file that is not JSON without echoing it', () => {
    const path = join(folder, 'plan.json');
    writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('password=Passw0rd', 'utf16le')]));
    expect(() => readModel({ planPath: path })).toThrow(/is not valid JSON/);
    expect(() => readModel({ planPath: path })).not.toThrow(/Passw0rd/);
  });

  it('rejects JSON that is neither a plan nor a synth', () => {
    expect(() => readModel({ planPath: write('plan.json', '{"hello": "world"}') })).toThrow(/not a Terraform plan/);
    expect(() => readModel({ synthPath: write('cdk.tf.json', '[1, 2]') })).toThrow(/not a CDKTF synth/);
  });

  it('points out a synth passed as a plan', () => {
    expect(() => readModel({ planPath: write('plan.json', JSON.stringify(fixtureSynth())) })).toThrow(
      /pass it with --synth/,
    );
  });

  it('takes construct paths and suppressions from the cdk.tf.json next to the plan', () => {
    write('cdk.tf.json', JSON.stringify(fixtureSynth()));
    const model = readModel({ planPath: write('plan.json', JSON.stringify(fixturePlan())) });
    const route = model.resources.find((resource) => resource.type === 'aws_apigatewayv2_route');
    expect(route?.constructPath).toBe('http-api/route');
    expect(route?.suppressions).toEqual([{ rule: 'CKV_AWS_309', reason: 'public read-only endpoint by design' }]);
    expect(model.stackName).toBe('dev');
  });
});

describe('a plan model', () => {
  it('shows the configured reference where the plan only knows "unknown until apply"', () => {
    const proxy = planModel(fixturePlan()).resources.find((resource) => resource.type === 'aws_db_proxy');
    expect(valueAt(proxy?.values, 'auth.0.secret_arn')).toBe('${aws_secretsmanager_secret.app-secret.arn}');
    expect(proxy?.values['require_tls']).toBe(true);
  });

  it('leaves computed attributes the code does not set unset, so AWS defaults never pass for settings', () => {
    const plan = fixturePlan();
    const change = plan.resource_changes.find((candidate: { type: string }) => candidate.type === 'aws_db_instance');
    const config = plan.configuration.root_module.resources.find(
      (candidate: { type: string }) => candidate.type === 'aws_db_instance',
    );
    delete config.expressions.kms_key_id;
    expect(change.change.after_unknown.kms_key_id).toBe(true);
    const db = planModel(plan).resources.find((resource) => resource.type === 'aws_db_instance');
    expect(db?.values['kms_key_id']).toBeUndefined();
  });

  it('guesses the construct path from the CDKTF name when there is no synth', () => {
    const policy = planModel(fixturePlan()).resources.find(
      (resource) => resource.address === 'aws_iam_role_policy.api-function_policy_F660B489',
    );
    expect(policy?.constructPath).toBe('api-function/policy');
  });

  it('reads replace, update and delete actions', () => {
    const plan = fixturePlan();
    const [first, second, third] = plan.resource_changes;
    first.change.actions = ['delete', 'create'];
    second.change.actions = ['update'];
    third.change = { actions: ['delete'], before: { name: 'gone' }, after: null };
    const actions = planModel(plan)
      .resources.slice(0, 3)
      .map((resource) => resource.action);
    expect(actions).toEqual(['replace', 'update', 'delete']);
  });

  it("reads the stack's own accounts from its default AWS provider's allowed_account_ids, in a synth and in a plan", () => {
    const synth = fixtureSynth();
    // An aliased provider may be pinned to any account: that does not make the account the stack's own.
    synth.provider.aws.push({ alias: 'partner', allowed_account_ids: ['222222222222'], region: 'us-east-1' });
    synth.provider.aws.push({ alias: 'offline', '//': { allowed_account_ids: ['333333333333'] } });

    expect(synthModel(synth).accountIds).toEqual(['123456789012']);
    expect(planModel(fixturePlan()).accountIds).toEqual(['123456789012']);
    // An offline synth keeps them in a comment (its provider requests no account id, so it cannot check them).
    delete synth.provider.aws[0].allowed_account_ids;
    synth.provider.aws[0]['//'] = { allowed_account_ids: ['444444444444'] };
    expect(synthModel(synth).accountIds).toEqual(['444444444444']);
    synth.provider.aws.splice(0, 1);
    expect(synthModel(synth).accountIds).toEqual([]);
  });
});

describe('a plan reviewed with a synth it was not made from', () => {
  it('is reviewed when the plan was made from the synth beside it', () => {
    expect(planModel(fixturePlan(), fixtureSynth()).kind).toBe('plan');
  });

  it('is refused when the synth has a resource the plan does not (a newer synth beside an old plan)', () => {
    const synth = fixtureSynth();
    addSynthResource(synth, 'aws_sns_topic', 'late_topic', { name: 'added-after-the-plan' });
    expect(() => planModel(fixturePlan(), synth)).toThrow(
      /^fixture plan was not made from fixture \(1 resources differ, e\.g\. aws_sns_topic\.late_topic only in the synth\)/,
    );
  });

  it('is refused when a literal differs (the same resources, another configuration)', () => {
    const synth = fixtureSynth();
    synthResource(synth, 'aws_db_instance').backup_retention_period = 35;
    expect(() => planModel(fixturePlan(), synth)).toThrow(
      /backup_retention_period is 7 in the plan, 35 in the synth\): plan again from this synth/,
    );
  });
});
