import type { ReviewModel } from '../model/types';
import {
  addSynthResource,
  fixturePlan,
  fixtureSynth,
  planModel,
  synthModel,
  synthResource,
  type Json,
  type SynthJson,
} from '../testing/fixtures';
import { diffModels, MASKED } from './diff-models';

describe('diffModels', () => {
  it('lists changed attribute paths with old and new values', () => {
    const current = fixtureSynth();
    synthResource(current, 'aws_db_instance').backup_retention_period = 14;
    const diff = diffModels(synthModel(fixtureSynth()), synthModel(current));
    expect(diff.changed).toHaveLength(1);
    expect(diff.changed[0].changes).toEqual([{ path: 'backup_retention_period', before: '7', after: '14' }]);
  });

  it('compares JSON policies statement by statement', () => {
    const current = fixtureSynth();
    const policy = synthResource(current, 'aws_iam_role_policy', 'api-function/policy');
    policy.policy = policy.policy.replace('"xray:PutTelemetryRecords"', '"xray:GetSamplingRules"');
    const [change] = diffModels(synthModel(fixtureSynth()), synthModel(current)).changed;
    expect(change.changes).toEqual([
      { path: 'policy.Statement.1.Action.1', before: 'xray:PutTelemetryRecords', after: 'xray:GetSamplingRules' },
    ]);
  });

  it('lists added and removed resources', () => {
    const current = fixtureSynth();
    delete current.resource.aws_flow_log;
    const diff = diffModels(synthModel(fixtureSynth()), synthModel(current));
    expect(diff.removed.map((resource) => resource.type)).toEqual(['aws_flow_log']);
    expect(diffModels(synthModel(current), synthModel(fixtureSynth())).added.map((resource) => resource.type)).toEqual([
      'aws_flow_log',
    ]);
  });

  it('masks secret-bearing attributes, never printing either value', () => {
    const base = fixtureSynth();
    const current = fixtureSynth();
    synthResource(base, 'aws_lambda_function', 'api-function/function').environment.variables.DB_PASSWORD =
      'old-Passw0rd';
    synthResource(current, 'aws_lambda_function', 'api-function/function').environment.variables.DB_PASSWORD =
      'new-Passw0rd';
    const [change] = diffModels(synthModel(base), synthModel(current)).changed;
    expect(change.changes).toEqual([{ path: 'environment.variables.DB_PASSWORD', before: MASKED, after: MASKED }]);
  });
});

describe('diffModels masking', () => {
  const changedValues = (edit: (synth: SynthJson, value: string) => void, marked: ReviewModel[] = []) => {
    const base = fixtureSynth();
    const current = fixtureSynth();
    edit(base, 'old-Passw0rd');
    edit(current, 'new-Passw0rd');
    return diffModels(synthModel(base), synthModel(current), marked).changed.flatMap((change) => change.changes);
  };

  it('masks environment variables named like a secret, though not like "password", and shows their ARNs', () => {
    const changes = changedValues((synth, value) =>
      Object.assign(synthResource(synth, 'aws_lambda_function', 'api-function/function').environment.variables, {
        DB_PASS: value,
        AUTH_TOKEN: value,
        DB_SECRET_ARN: `arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:${value.slice(0, 3)}`,
      }),
    );
    expect(changes).toEqual([
      { path: 'environment.variables.AUTH_TOKEN', before: MASKED, after: MASKED },
      { path: 'environment.variables.DB_PASS', before: MASKED, after: MASKED },
      {
        path: 'environment.variables.DB_SECRET_ARN',
        before: 'arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:old',
        after: 'arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:new',
      },
    ]);
  });

  it('masks SSM parameter values and Lambda invocation payloads, whatever their keys', () => {
    const changes = changedValues((synth, value) => {
      addSynthResource(synth, 'aws_ssm_parameter', 'setting', { name: '/app/x', type: 'SecureString', value });
      addSynthResource(synth, 'aws_lambda_invocation', 'bootstrap', {
        function_name: 'bootstrap',
        input: JSON.stringify({ login: value }),
        result: value,
      });
    });
    expect(changes.map((change) => change.path).sort()).toEqual(['input.login', 'result', 'value']);
    expect(JSON.stringify(changes)).not.toContain('Passw0rd');
  });

  it("honours the plan's sensitive markers for attributes with harmless names", () => {
    const plan = fixturePlan();
    const instance = plan.resource_changes.find((change: Json) => change.type === 'aws_db_instance');
    instance.change.after_sensitive.username = true;
    const changes = changedValues(
      (synth, value) => (synthResource(synth, 'aws_db_instance').username = value),
      [planModel(plan, fixtureSynth())],
    );
    expect(changes).toEqual([{ path: 'username', before: MASKED, after: MASKED }]);
    expect(changedValues((synth, value) => (synthResource(synth, 'aws_db_instance').username = value))).toEqual([
      { path: 'username', before: 'old-Passw0rd', after: 'new-Passw0rd' },
    ]);
  });
});
