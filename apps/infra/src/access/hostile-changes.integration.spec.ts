import { auditStack, PlatformLandmarks, StackModel, type TerraformJson } from '@rds-platform/access-matrix';
import { Testing } from 'cdktf';
import { environments, stateConfig } from '../config';
import { EnvironmentStack } from '../stacks/environment-stack';
import { fakeBundleDirectory } from '../testing/synth-json';

// Changes an independent attacker made to the dev stack that an earlier version of the access matrix let through.
// Each must now leave at least one problem in the audit (auditStack), of the kind named; the stack as it is, none.
const config = environments.dev;
const bundle = fakeBundleDirectory();
const ACCOUNT = config.accountId;

function devJson(): TerraformJson {
  const stack = new EnvironmentStack(Testing.app(), 'dev', {
    config,
    state: stateConfig,
    variant: 'offline',
    lambdaBundles: { apiLambda: bundle, rotationLambda: bundle },
  });
  return JSON.parse(Testing.synth(stack));
}

async function audit(json: TerraformJson): Promise<string[]> {
  const model = new StackModel(json, { region: config.region, accountId: ACCOUNT, stack: 'dev' });
  return auditStack({
    model,
    landmarks: new PlatformLandmarks(model, config.namePrefix),
    options: { appUsername: config.database.appUsername },
  });
}

const byType = (json: TerraformJson, type: string) =>
  Object.values(json.resource[type] as Record<string, TerraformJson>);
const editPolicy = (holder: TerraformJson, key: string, edit: (document: TerraformJson) => void) => {
  const document = JSON.parse(holder[key]);
  edit(document);
  holder[key] = JSON.stringify(document);
};
/** The key an alias (`alias/rdsp-dev-<name>`) points at: its target is `${aws_kms_key.<resource>.key_id}`. */
const key = (json: TerraformJson, alias: string): TerraformJson => {
  const target = byType(json, 'aws_kms_alias').find((candidate) => candidate.name === `alias/rdsp-dev-${alias}`)!;
  const resource = /aws_kms_key\.([^.]+)\./.exec(target.target_key_id)![1];
  return json.resource.aws_kms_key[resource];
};
const apiPolicy = (json: TerraformJson) =>
  byType(json, 'aws_iam_role_policy').find((policy) => String(policy.role).includes('api-function'))!;
const statement = (document: TerraformJson, sid: string) =>
  (document.Statement as TerraformJson[]).find((candidate) => candidate.Sid === sid)!;

describe('the access matrix against hostile changes', () => {
  it('finds nothing in the stack as it is', async () => {
    expect(await audit(devJson())).toEqual([]);
  }, 120_000);

  it.each<[string, (json: TerraformJson) => void, RegExp]>([
    [
      'a key administered by any principal of any account',
      (json) =>
        editPolicy(
          key(json, 'secrets'),
          'policy',
          (d) => (statement(d, 'AccountAdministersTheKey').Principal = { AWS: '*' }),
        ),
      /^principal: .*AccountAdministersTheKey: allows any principal/,
    ],
    [
      'a Lambda role any AWS principal may assume',
      (json) =>
        editPolicy(
          byType(json, 'aws_iam_role').find((role) => role.name === 'rdsp-dev-api')!,
          'assume_role_policy',
          (d) => (d.Statement[0].Principal = { Service: 'lambda.amazonaws.com', AWS: '*' }),
        ),
      /^principal: .*allows any principal/,
    ],
    [
      'a statement that borrows an accepted Sid',
      (json) =>
        editPolicy(apiPolicy(json), 'policy', (d) =>
          d.Statement.push({
            Sid: 'AccountManagesTheTopic',
            Effect: 'Allow',
            Action: 'kms:PutKeyPolicy',
            Resource: '*',
          }),
        ),
      /^unused: .*AccountManagesTheTopic/,
    ],
    [
      'an escalation action slipped into a statement that is used',
      (json) =>
        editPolicy(apiPolicy(json), 'policy', (d) =>
          statement(d, 'SendTraces').Action.push('iam:PassRole', 'lambda:UpdateFunctionConfiguration'),
        ),
      /^unused: .*SendTraces Action iam:PassRole/,
    ],
    [
      'NotAction in an Allow',
      (json) =>
        editPolicy(apiPolicy(json), 'policy', (d) => {
          const traces = statement(d, 'SendTraces');
          delete traces.Action;
          traces.NotAction = ['iam:*', 'kms:*'];
        }),
      /^principal: .*SendTraces: an Allow with NotAction/,
    ],
    [
      'a KMS grant, a resource type the matrix does not read',
      (json) =>
        (json.resource.aws_kms_grant = {
          foreign: { key_id: 'x', grantee_principal: 'arn:aws:iam::999999999999:root', operations: ['Decrypt'] },
        }),
      /^unreadable: aws_kms_grant/,
    ],
    [
      'an inline secret policy that lets anyone read it',
      (json) =>
        (byType(json, 'aws_secretsmanager_secret')[0].policy = JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*' }],
        })),
      /^principal: .*allows any principal/,
    ],
    [
      'an endpoint policy opened to every secret',
      (json) =>
        editPolicy(byType(json, 'aws_vpc_endpoint_policy')[0], 'policy', (d) => {
          d.Statement[0].Resource = '*';
          delete d.Statement[0].Condition;
        }),
      /another account's role secretsmanager:PutSecretValue on its own secret through our endpoint/,
    ],
    [
      'a TLS-only deny that no longer denies',
      (json) =>
        editPolicy(byType(json, 'aws_sns_topic_policy')[0], 'policy', (d) => {
          statement(d, 'DenyWithoutTls').Condition = { Bool: { 'aws:SecureTransport': 'never' } };
        }),
      /^allowed: without TLS: /,
    ],
    [
      'a permission on a qualifier the API does not invoke',
      (json) =>
        (byType(json, 'aws_lambda_permission').find((p) => p.principal === 'apigateway.amazonaws.com')!.qualifier =
          'live'),
      /^refused: API Gateway invokes the API function/,
    ],
    [
      'a secret grant pinned to a sample secret version',
      (json) =>
        editPolicy(apiPolicy(json), 'policy', (d) => {
          statement(d, 'DecryptSecretsThroughSecretsManager').Condition.StringEquals[
            'kms:EncryptionContext:SecretVersionId'
          ] = '00000000-0000-4000-8000-000000000001';
        }),
      /^refused: api kms:Decrypt with the secrets key/,
    ],
  ])(
    'finds %s',
    async (_name, change, expected) => {
      const json = devJson();
      change(json);
      const problems = await audit(json);
      expect(problems.some((problem) => expected.test(problem))).toBe(true);
    },
    120_000,
  );
});
