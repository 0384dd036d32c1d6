import { readFileSync } from 'node:fs';
import { analyzeAccess } from '../../model/access';
import { modelOf } from '../../input/read-model';
import { review } from '../../review';
import { offlinePlanFile } from '../../testing/offline-plans';
import type { TerraformJson } from '@rds-platform/access-matrix';
import { accessRules } from './index';

// The access rules on the real offline synth of dev (made by infra:offline-plans): it passes as it is, and each
// hostile change below fails the rule that guards against it, named with the request or the path.
const devSynth = () => JSON.parse(readFileSync(offlinePlanFile('dev', 'cdk.tf.json'), 'utf8')) as TerraformJson;

async function failing(json: TerraformJson): Promise<Record<string, string[]>> {
  const model = modelOf({ synth: { json, source: 'dev synth' } });
  const access = await analyzeAccess(json, model.accountIds, 'dev');
  const { results } = review({ ...model, access }, { rules: accessRules });
  return Object.fromEntries(
    results
      .filter((result) => result.rule.id.startsWith('access-'))
      .map((result) => [
        result.rule.id,
        result.findings.filter((found) => !found.passed).map((found) => found.message),
      ]),
  );
}

const policyOf = (json: TerraformJson, roleFragment: string) =>
  Object.values(json.resource.aws_iam_role_policy as Record<string, TerraformJson>).find((policy) =>
    String(policy.role).includes(roleFragment),
  )!;
const addStatement = (json: TerraformJson, roleFragment: string, statement: Record<string, unknown>) => {
  const policy = policyOf(json, roleFragment);
  const document = JSON.parse(policy.policy);
  document.Statement.push({ Effect: 'Allow', ...statement });
  policy.policy = JSON.stringify(document);
};

describe('the access rules on the real dev synth', () => {
  it('pass the stack as it is', async () => {
    expect(await failing(devSynth())).toEqual({
      'access-runtime-requests-allowed': [],
      'access-least-privilege': [],
      'access-reach-declared': [],
    });
  }, 120_000);

  it('access-runtime-requests-allowed fails when a change drops what a runtime request needs', async () => {
    const json = devSynth();
    const policy = policyOf(json, 'credentials_rotation');
    const document = JSON.parse(policy.policy);
    document.Statement = document.Statement.filter(
      (statement: { Sid?: string }) => statement.Sid !== 'RotateAppSecret',
    );
    policy.policy = JSON.stringify(document);
    expect((await failing(json))['access-runtime-requests-allowed']).toContain(
      'a runtime request would be refused: rotation secretsmanager:PutSecretValue on the app-secret',
    );
  }, 120_000);

  it('access-least-privilege fails when the API may read the master secret', async () => {
    const json = devSynth();
    addStatement(json, 'api-function', {
      Action: 'secretsmanager:GetSecretValue',
      Resource: '${aws_db_instance.database_instance_D7FC2283.master_user_secret[0].secret_arn}',
    });
    expect((await failing(json))['access-least-privilege']).toContain(
      'allowed, but must not be: api secretsmanager:GetSecretValue on the master-secret',
    );
  }, 120_000);

  it('access-reach-declared fails, with the path, when the API may change the bootstrap function’s code', async () => {
    const json = devSynth();
    addStatement(json, 'api-function', {
      Action: 'lambda:UpdateFunctionCode',
      Resource: '${aws_lambda_function.credentials_bootstrap_function_333321EA.arn}',
    });
    expect((await failing(json))['access-reach-declared']).toContain(
      'undeclared reach: rdsp-dev-api -[lambda:UpdateFunctionCode on rdsp-dev-db-bootstrap]-> rdsp-dev-db-bootstrap reaches the master secret (its value)',
    );
  }, 120_000);

  it('fail closed when a role of this architecture carries a policy the matrix cannot read', async () => {
    const json = devSynth();
    json.resource.aws_iam_role_policy_attachment = {
      extra: {
        role: '${aws_iam_role.api-function_role_27FF8EDC.name}',
        policy_arn: 'arn:aws:iam::aws:policy/AWSLambdaExecute',
      },
    };
    expect((await failing(json))['access-reach-declared']).toEqual([
      expect.stringMatching(/^the access analysis could not read the stack: .*aws_iam_role_policy_attachment\.extra/),
    ]);
  }, 120_000);

  it('fail when a change renames the parts the analysis finds the architecture by, if the environment was given', async () => {
    const json = devSynth();
    const topic = Object.values(json.resource.aws_sns_topic as Record<string, TerraformJson>).find((t) =>
      String(t.name).endsWith('-alerts'),
    )!;
    topic.name = `${topic.name}-renamed`;
    const model = modelOf({ synth: { json, source: 'dev synth' } });
    // As CI reviews it (`--env dev`): the analysis fails, naming what is missing.
    const given = await analyzeAccess(json, model.accountIds, 'dev', true);
    expect(given.error).toMatch(/^the environment dev is reviewed as this architecture, but it has no alerts topic/);
    const { results } = review({ ...model, access: given }, { rules: accessRules });
    expect(
      results.filter((result) => result.rule.id.startsWith('access-')).map((result) => [result.rule.id, result.status]),
    ).toEqual([
      ['access-runtime-requests-allowed', 'fail'],
      ['access-least-privilege', 'fail'],
      ['access-reach-declared', 'fail'],
    ]);
    // Without an environment, a stack that is not this architecture gets no analysis.
    expect((await analyzeAccess(json, model.accountIds, 'dev')).notApplicable).toMatch(/^not this architecture/);
  }, 120_000);
});
