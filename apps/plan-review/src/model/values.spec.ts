import { flatten, referencesIn, valueAt } from './values';

describe('valueAt', () => {
  it('reads a single nested block the same from a plan (list of one) and a synth (object)', () => {
    expect(valueAt({ vpc_config: [{ subnet_ids: ['a'] }] }, 'vpc_config.subnet_ids')).toEqual(['a']);
    expect(valueAt({ vpc_config: { subnet_ids: ['a'] } }, 'vpc_config.0.subnet_ids')).toEqual(['a']);
  });

  it('returns undefined past a missing or scalar step', () => {
    expect(valueAt({ a: null }, 'a.b')).toBeUndefined();
    expect(valueAt({ a: 'x' }, 'a.b')).toBeUndefined();
  });
});

describe('referencesIn', () => {
  it('finds resource addresses inside interpolations, also in nested lists and functions', () => {
    const value = {
      list: ['${aws_security_group.security-groups_proxy_E356D6AD.id}', 'sg-literal'],
      nested: '${aws_db_instance.database_instance_D7FC2283.master_user_secret["0"].secret_arn}',
      call: '${element(split(":", aws_db_proxy.proxy_5B0EBCF1.arn), 6)}',
    };
    expect(referencesIn(value)).toEqual([
      'aws_security_group.security-groups_proxy_E356D6AD',
      'aws_db_instance.database_instance_D7FC2283',
      'aws_db_proxy.proxy_5B0EBCF1',
    ]);
  });

  it('ignores literals, data sources and variables', () => {
    expect(
      referencesIn(['arn:aws:iam::aws:policy/x', '${data.aws_caller_identity.current.account_id}', '${var.x}']),
    ).toEqual([]);
  });
});

describe('flatten', () => {
  it('lists leaves by path and skips the CDKTF // comment', () => {
    const leaves = flatten({ '//': { metadata: {} }, auth: [{ secret_arn: 'x' }], tags: {} });
    expect([...leaves.entries()]).toEqual([
      ['auth.0.secret_arn', 'x'],
      ['tags', {}],
    ]);
  });
});
