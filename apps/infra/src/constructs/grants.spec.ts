import { ServiceRole, type PolicyStatement } from './grants';
import { synthesize } from '../testing/synth-json';

const read = (resource: string): PolicyStatement => ({
  Sid: 'Read',
  Effect: 'Allow',
  Action: ['secretsmanager:GetSecretValue'],
  Resource: resource,
});

describe('ServiceRole', () => {
  it('collects grants made after it was created into its one inline policy, in order', () => {
    const synth = synthesize((scope) => {
      const role = new ServiceRole(scope, { name: 'fn', assumedBy: 'lambda.amazonaws.com', policyName: 'fn-runtime' });
      role.addToPolicy(read('arn:1'));
      role.addToPolicy({ ...read('*'), Sid: 'Later', Action: ['xray:PutTraceSegments'] });
    });
    expect(synth.only('aws_iam_role_policy').name).toBe('fn-runtime');
    expect(synth.policyStatements().map((statement) => statement.Sid)).toEqual(['Read', 'Later']);
    expect(JSON.parse(synth.only('aws_iam_role').assume_role_policy).Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
  });

  it('keeps a statement granted twice once', () => {
    const synth = synthesize((scope) => {
      const role = new ServiceRole(scope, { name: 'fn', assumedBy: 'lambda.amazonaws.com', policyName: 'p' });
      role.addToPolicy(read('arn:1'));
      role.addToPolicy(read('arn:1'));
    });
    expect(synth.policyStatements()).toHaveLength(1);
  });

  it('refuses two different statements under one Sid (IAM would reject the policy)', () => {
    expect(() =>
      synthesize((scope) => {
        const role = new ServiceRole(scope, { name: 'fn', assumedBy: 'lambda.amazonaws.com', policyName: 'p' });
        role.addToPolicy(read('arn:1'));
        role.addToPolicy(read('arn:2'));
      }),
    ).toThrow('stack/policy: two different statements share the Sid "Read".');
  });
});
