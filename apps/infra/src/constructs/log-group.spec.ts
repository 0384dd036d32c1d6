import { EncryptedLogGroup } from './log-group';
import { synthesize } from '../testing/synth-json';

describe('EncryptedLogGroup', () => {
  it('encrypts with the stack’s logs key and expires logs after the stack’s retention period', () => {
    let logsKeyArn = '';
    const synth = synthesize(
      (scope) => {
        new EncryptedLogGroup(scope, 'logs', { name: '/aws/vpc/x-flow-logs' });
        logsKeyArn = scope.keys.logs.arn;
      },
      { logRetentionDays: 30 },
    );
    expect(synth.only('aws_cloudwatch_log_group')).toMatchObject({
      name: '/aws/vpc/x-flow-logs',
      retention_in_days: 30,
      kms_key_id: synth.ref(logsKeyArn),
    });
  });

  it('fails with the field when the stack keeps no log retention', () => {
    expect(() =>
      synthesize((scope) => new EncryptedLogGroup(scope, 'logs', { name: '/aws/x' }), { logRetentionDays: undefined }),
    ).toThrow('logRetentionDays: is not set for stack stack.');
  });
});
