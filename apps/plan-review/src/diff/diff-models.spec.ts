import { fixtureSynth, synthModel, synthResource } from '../testing/fixtures';
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
