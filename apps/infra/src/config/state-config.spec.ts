import { ConfigError } from './config-error';
import { state } from './state';
import { stateBucketName, validateStateConfig, type StateConfig } from './state-config';

const variant = (change: Partial<StateConfig>): StateConfig => ({ ...state, ...change });

describe('validateStateConfig', () => {
  it('GIVEN the checked-in state config THEN it passes unchanged and names the bucket after account and region', () => {
    expect(validateStateConfig(state)).toBe(state);
    expect(stateBucketName(state)).toBe('rdsp-tfstate-111111111111-ap-northeast-2');
  });

  it.each([
    ['a name prefix with capitals', { namePrefix: 'RDSP' }, /^state\.namePrefix: must be 3-20 lowercase letters/],
    ['a region that is no region', { region: 'seoul' }, /^state\.region: must be an AWS region name/],
    [
      'a short account id',
      { accountId: '1234' },
      /^state\.accountId: must be a 12-digit AWS account id, got "1234"\.$/,
    ],
    [
      'no retention for old state versions',
      { noncurrentVersionRetentionDays: 0 },
      /^state\.noncurrentVersionRetentionDays: must be a whole number from 1 to 36500, got 0\.$/,
    ],
  ])('GIVEN %s THEN the same ConfigError as the environment rules names the field', (_case, change, message) => {
    expect(() => validateStateConfig(variant(change))).toThrow(ConfigError);
    expect(() => validateStateConfig(variant(change))).toThrow(message);
  });
});
