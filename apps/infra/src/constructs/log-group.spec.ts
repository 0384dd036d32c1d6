import { EncryptedLogGroup } from './log-group';
import { synthesize } from '../testing/synth-json';

describe('EncryptedLogGroup', () => {
  it('encrypts with the given key and expires logs after the retention period', () => {
    const synth = synthesize(
      (scope) =>
        new EncryptedLogGroup(scope, 'logs', {
          name: '/aws/vpc/x-flow-logs',
          retentionDays: 30,
          kmsKeyArn: 'arn:aws:kms:r:1:key/k',
        }),
    );
    expect(synth.only('aws_cloudwatch_log_group')).toMatchObject({
      name: '/aws/vpc/x-flow-logs',
      retention_in_days: 30,
      kms_key_id: 'arn:aws:kms:r:1:key/k',
    });
  });
});
