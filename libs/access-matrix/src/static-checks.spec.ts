import type { NamedPolicy } from './evaluate';
import { checkPolicy, expandAction } from './static-checks';

const statement = (Action: string[], Condition?: Record<string, Record<string, string>>): NamedPolicy => ({
  name: 'p',
  policy: {
    Version: '2012-10-17',
    Statement: [{ Sid: 's', Effect: 'Allow', Action, Resource: '*', ...(Condition ? { Condition } : {}) }],
  },
});

// Facts of the Service Authorization Reference (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awskeymanagementservice.html).
describe('static policy checks', () => {
  it('expands kms:Create* to the real actions, kms:CreateGrant among them', async () => {
    expect(await expandAction('kms:Create*')).toEqual(expect.arrayContaining(['kms:CreateAlias', 'kms:CreateGrant']));
  });

  it('flags a wildcard that reaches a permissions-management action, not the same action named', async () => {
    expect((await checkPolicy(statement(['kms:Create*']))).map((f) => f.problem)).toEqual([
      expect.stringContaining('kms:CreateGrant'),
    ]);
    expect(await checkPolicy(statement(['kms:CreateAlias']))).toEqual([]);
  });

  it('flags an action that does not exist', async () => {
    expect((await checkPolicy(statement(['kms:Decrpyt']))).map((f) => f.problem)).toEqual([
      'kms:Decrpyt names no action in the Service Authorization Reference',
    ]);
  });

  it('flags a condition key the action never carries: DescribeKey has no encryption context, Decrypt has', async () => {
    const context = {
      ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-1:123456789012:log-group:x' },
    };
    expect(await checkPolicy(statement(['kms:Decrypt'], context))).toEqual([]);
    expect((await checkPolicy(statement(['kms:DescribeKey'], context))).map((f) => f.problem)).toEqual([
      'kms:EncryptionContext:aws:logs:arn never applies to kms:DescribeKey: the statement can never allow it',
    ]);
  });

  it("accepts a key of the action's resource type (ec2:Subnet on a network interface)", async () => {
    expect(
      await checkPolicy(statement(['ec2:DeleteNetworkInterface'], { ArnEquals: { 'ec2:Subnet': 'arn:x' } })),
    ).toEqual([]);
  });
});
