import {
  flatten,
  referencesAttribute,
  referencesIn,
  referencesResource,
  resourceReferencesIn,
  valueAt,
} from './values';

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

/**
 * Terraform names one instance of a `count` or `for_each` resource `<TYPE>.<NAME>[<INDEX>]` / `["<KEY>"]`
 * (https://developer.hashicorp.com/terraform/language/meta-arguments/count#referring-to-instances,
 * https://developer.hashicorp.com/terraform/language/meta-arguments/for_each#referring-to-instances). A plan lists
 * each instance by that address (`address` and `index` of a resource change,
 * https://developer.hashicorp.com/terraform/internals/json-format#plan-representation); the configuration, and so a
 * synth, declares the resource once, without the key.
 */
describe('references to count and for_each instances', () => {
  it('keep a literal instance key, and name the resource for a key known only at apply', () => {
    expect(
      resourceReferencesIn([
        '${aws_vpc.v[0].id}',
        '${aws_s3_bucket.this["a"].id}',
        '${aws_s3_bucket.this[each.key].id}',
        '${aws_subnet.s[ 1 ].id}',
      ]),
    ).toEqual(['aws_vpc.v[0]', 'aws_s3_bucket.this["a"]', 'aws_s3_bucket.this', 'aws_subnet.s[1]']);
    expect(referencesIn(['${aws_vpc.v[0].id}', '${aws_vpc.v[1].id}'])).toEqual(['aws_vpc.v']);
  });

  it.each([
    ['${aws_vpc.v[0].id}', 'aws_vpc.v[0]', true],
    ['${aws_vpc.v[0].id}', 'aws_vpc.v[1]', false],
    ['${aws_vpc.v[0].id}', 'aws_vpc.v', true],
    ['${aws_s3_bucket.this["a"].id}', 'aws_s3_bucket.this["a"]', true],
    ['${aws_s3_bucket.this["a"].id}', 'aws_s3_bucket.this["b"]', false],
    ['${aws_s3_bucket.this[each.key].id}', 'aws_s3_bucket.this["b"]', true],
    ['${aws_s3_bucket.this[each.key].id}', 'aws_s3_bucket.this', true],
    ['${aws_s3_bucket.this}', 'aws_s3_bucket.this["a"]', true],
    ['${aws_vpc.v.id}', 'aws_vpc.v', true],
    ['${aws_vpc.v.id}', 'aws_vpc.vv', false],
    ['${aws_vpc.v[0].id}', 'aws_vpc.w[0]', false],
  ])('%s refers to %s: %s', (value, address, expected) => {
    expect(referencesResource(value, address)).toBe(expected);
  });

  it('tell which attribute of the instance a reference reads', () => {
    const value = '${aws_vpc.v[0].default_security_group_id}';
    expect(referencesAttribute(value, 'aws_vpc.v[0]', 'default_security_group_id')).toBe(true);
    expect(referencesAttribute(value, 'aws_vpc.v', 'default_security_group_id')).toBe(true);
    expect(referencesAttribute(value, 'aws_vpc.v[1]', 'default_security_group_id')).toBe(false);
    expect(
      referencesAttribute(
        '${aws_vpc.v[each.key].default_security_group_id}',
        'aws_vpc.v["a"]',
        'default_security_group_id',
      ),
    ).toBe(true);
    expect(referencesAttribute('${aws_vpc.v[0].id}', 'aws_vpc.v[0]', 'default_security_group_id')).toBe(false);
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
