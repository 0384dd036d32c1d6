import { credentialFormatIn } from '../../model/credentials';
import { isSecretAttribute, isSecretName } from '../../model/secret-names';
import { review } from '../../review';
import { EXAMPLE_ACCESS_KEY_ID } from './example-credentials';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturePlan, planModel, type PlanJson } from '../../testing/fixtures';

const DB = 'aws_db_instance.database_instance_D7FC2283';
const STAGE = 'aws_apigatewayv2_stage.http-api_stage_00809DE4';

const resultOf = (plan: PlanJson) => {
  const result = review(planModel(plan)).results.find((found) => found.rule.id === 'no-credentials-in-configuration');
  if (!result) throw new Error('no rule no-credentials-in-configuration');
  return result;
};
const failures = (plan: PlanJson) =>
  resultOf(plan)
    .findings.filter((found) => !found.passed)
    .map((found) => found.message);
const change = (plan: PlanJson, address: string) =>
  plan.resource_changes.find((candidate: { address: string }) => candidate.address === address).change;
const configuration = (plan: PlanJson, address: string) =>
  plan.configuration.root_module.resources.find((candidate: { address: string }) => candidate.address === address)
    .expressions;

describe('no-credentials-in-configuration on a plan', () => {
  it('passes on our fixture plan, checking every resource and the provider block', () => {
    const plan = fixturePlan();
    const result = resultOf(plan);
    expect(result.status).toBe('pass');
    expect(result.findings).toHaveLength(plan.resource_changes.length + 1);
  });

  it("fails a literal in password_wo, which only the plan's configuration section shows", () => {
    const plan = fixturePlan();
    Object.assign(configuration(plan, DB), {
      password_wo: { constant_value: 'Passw0rd' },
      password_wo_version: { constant_value: 1 },
    });
    expect(change(plan, DB).after.password_wo).toBeNull();
    const [message] = failures(plan);
    expect(message).toContain('password_wo');
    expect(message).not.toContain('Passw0rd');
  });

  // Terraform keeps a JSON-syntax template as written: `${"pw"}` and `${jsonencode({…})}` reference nothing, so the
  // plan holds them as a constant_value (checked with terraform 1.11 and the offline AWS provider).
  it.each([
    ['a quoted literal inside ${}', '${"Passw0rdPassw0rd"}', 'a literal write-only value'],
    [
      'jsonencode() of literals',
      '${jsonencode({username = "app", password = "Passw0rd"})}',
      'a literal under password',
    ],
  ])('fails %s in secret_string_wo, kept in the configuration as a constant_value', (_form, written, kind) => {
    const plan = fixturePlan();
    Object.assign(configuration(plan, DB), {
      password_wo: { constant_value: written },
      password_wo_version: { constant_value: 1 },
    });
    const [message] = failures(plan);
    expect(message).toContain(`password_wo (${kind}`);
    expect(message).not.toContain('Passw0rd');
  });

  it('fails both forms in a real plan (terraform 1.11, offline provider, of write-only-literals.tf.json)', () => {
    const plan = JSON.parse(
      readFileSync(join(__dirname, '../../testing/fixtures/write-only-literals.plan.json'), 'utf8'),
    );
    const messages = failures(plan);
    expect(messages).toEqual([
      'a holds credentials: secret_string_wo (a literal under password inside an expression)',
      "b holds credentials: secret_string_wo (a literal write-only value, kept in the plan's configuration)",
    ]);
    messages.forEach((message) => expect(message).not.toContain('Passw0rd'));
  });

  it('fails a literal inside an object-typed write-only value', () => {
    const plan = fixturePlan();
    configuration(plan, DB).password_wo = { constant_value: { current: 'Passw0rd' } };
    expect(failures(plan)).toEqual([expect.stringContaining('password_wo.current (a literal write-only value')]);
  });

  it('passes a write-only template that references an ephemeral value', () => {
    const plan = fixturePlan();
    configuration(plan, DB).password_wo = { references: ['ephemeral.random_password.initial.result'] };
    configuration(plan, DB).password_wo_version = { constant_value: 1 };
    expect(resultOf(plan).status).toBe('pass');
  });

  it('fails an access key id in the provider configuration, and passes the dummy offline keys', () => {
    const plan = fixturePlan();
    expect(resultOf(plan).findings.map((found) => found.address)).toContain('provider.aws');
    plan.configuration.provider_config.aws.expressions.access_key = { constant_value: EXAMPLE_ACCESS_KEY_ID };
    expect(failures(plan)).toEqual(['provider.aws holds credentials: access_key (an AWS access key id)']);
  });

  it('fails a password literal as an output value or a variable default', () => {
    const plan = fixturePlan();
    plan.configuration.root_module.outputs = { db_password: { expression: { constant_value: 'Passw0rd' } } };
    plan.configuration.root_module.variables = { admin_password: { default: 'Passw0rd' } };
    expect(failures(plan)).toEqual([
      'output.db_password holds credentials: db_password (a literal under a secret name)',
      'variable.admin_password holds credentials: admin_password (a literal under a secret name)',
    ]);
  });

  it('passes password_wo set from an ephemeral value', () => {
    const plan = fixturePlan();
    configuration(plan, DB).password_wo = { references: ['ephemeral.random_password.initial.result'] };
    expect(resultOf(plan).status).toBe('pass');
  });

  it.each([
    ['fails', 'a variable whose value the plan keeps', { db_password: { value: 'Passw0rd' } }, 1],
    ['passes', 'an ephemeral variable (the plan keeps no value for it)', {}, 0],
  ])('%s password_wo set from %s', (_verdict, _kind, values, failing) => {
    const plan = fixturePlan();
    plan.configuration.root_module.variables = { db_password: { sensitive: true } };
    plan.variables = values;
    configuration(plan, DB).password_wo = { references: ['var.db_password'] };
    const messages = failures(plan);
    expect(messages).toHaveLength(failing);
    messages.forEach((message) => expect(message).toContain('password_wo (a secret from var.db_password'));
  });

  it('fails a password inside a URL in the planned values', () => {
    const plan = fixturePlan();
    change(plan, STAGE).after.stage_variables = { DATABASE_URL: 'mysql://admin:Passw0rd@db.internal/app' };
    expect(failures(plan)).toEqual([expect.stringContaining('stage_variables.DATABASE_URL (a password inside a URL)')]);
  });

  it('does not fail a change that removes a credential (the old value is only in before)', () => {
    const plan = fixturePlan();
    change(plan, STAGE).before = { stage_variables: { DATABASE_URL: 'mysql://admin:Passw0rd@db.internal/app' } };
    expect(resultOf(plan).status).toBe('pass');
  });

  it('reads names only in what the code wrote: a computed attribute named like a secret is no literal', () => {
    const plan = fixturePlan();
    change(plan, STAGE).after.client_secret = 'computed-by-aws';
    expect(resultOf(plan).status).toBe('pass');
  });
});

describe('isSecretName', () => {
  it.each(['DB_PASSWORD', 'DB_PASSWORD_V2', 'masterPassword', 'AUTH_TOKEN', 'password_wo', 'x-api-key', 'PRIVATE_KEY'])(
    '%s holds a secret',
    (name) => expect(isSecretName(name)).toBe(true),
  );

  it.each([
    'DB_SECRET_ARN',
    'SECRET_CACHE_TTL_SECONDS',
    'PASSWORD_FILE',
    'password_wo_version',
    'client_password_auth_type',
    'SECRETS_MANAGER_ENDPOINT',
    'secret_id',
    'PASSTHROUGH_BEHAVIOR',
  ])('%s points at or configures a secret', (name) => expect(isSecretName(name)).toBe(false));
});

describe('isSecretAttribute', () => {
  it.each([
    'password',
    'master_password',
    'auth_token',
    'client_secret',
    'private_key',
    'secret_string',
    'password_wo',
  ])('%s holds a secret', (name) => expect(isSecretAttribute(name)).toBe(true));

  it.each(['auth_token_update_strategy', 'access_token_validity', 'manage_master_user_password_rotation'])(
    '%s is a setting',
    (name) => expect(isSecretAttribute(name)).toBe(false),
  );
});

describe('credentialFormatIn', () => {
  it.each([
    ['mysql://admin:Passw0rd@db:3306/app', 'a password inside a URL'],
    [`key=${EXAMPLE_ACCESS_KEY_ID}`, 'an AWS access key id'],
    ['-----BEGIN OPENSSH PRIVATE KEY-----', 'a private key'],
    ['admin:Passw0rd@tcp(db:3306)/app', 'a password inside a DSN'],
    ['DSN=admin:Passw0rd@db.internal:3306/app', 'a password inside a DSN'],
    [`Authorization: Basic ${Buffer.from('admin:Passw0rd').toString('base64')}`, 'an HTTP Basic credential'],
    ['Authorization: Bearer abcDEF1234567890abcdef.xyz', 'an HTTP Bearer token'],
  ])('recognises %s', (text, kind) => expect(credentialFormatIn(text)).toBe(kind));

  it.each([
    'mysql://app@proxy:3306/app',
    'https://secretsmanager.ap-northeast-2.amazonaws.com',
    'arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:app-AbCdEf',
    '-----BEGIN CERTIFICATE-----',
    'Basic authentication',
    'Basic QmFzaWNhbGx5',
    'Bearer ${var.token}',
    'Bearer tokens_are_issued_by_cognito',
    'git@github.com:org/repo.git',
    'ops@example.com',
    'arn:aws:iam::123456789012:role/app',
    'offline-plan-dummy-key',
  ])('finds nothing in %s', (text) => expect(credentialFormatIn(text)).toBeUndefined());
});
