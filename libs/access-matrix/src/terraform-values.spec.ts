import { TerraformValues, UnresolvedValueError } from './terraform-values';

const json = {
  locals: { parts: '${split(":", aws_db_proxy.proxy.arn)}' },
  resource: {
    aws_iam_role: { api: { name: 'rdsp-dev-api' } },
    aws_secretsmanager_secret: { app: { name: 'rdsp-dev/db/app' } },
    aws_db_proxy: { proxy: { name: 'rdsp-dev-proxy' } },
    aws_db_instance: { db: { identifier: 'rdsp-dev-mysql' } },
    aws_lambda_function: { api: { function_name: 'rdsp-dev-api', source_code_hash: '${filebase64sha256("x.zip")}' } },
  },
};
const placement = { region: 'eu-west-1', accountId: '123456789012', stack: 'dev' };

// ARN formats: the Service Authorization Reference's resource types of each service.
describe('TerraformValues', () => {
  const values = new TerraformValues(json, placement);

  it('resolves references to ARNs in the documented formats', () => {
    expect(values.resolve('${aws_iam_role.api.arn}')).toBe('arn:aws:iam::123456789012:role/rdsp-dev-api');
    expect(values.resolve('${aws_db_instance.db.arn}')).toBe('arn:aws:rds:eu-west-1:123456789012:db:rdsp-dev-mysql');
    expect(values.resolve('${aws_secretsmanager_secret.app.arn}')).toMatch(
      /^arn:aws:secretsmanager:eu-west-1:123456789012:secret:rdsp-dev\/db\/app-[A-Za-z]{6}$/,
    );
    expect(values.resolve('${aws_db_proxy.proxy.arn}')).toMatch(
      /^arn:aws:rds:eu-west-1:123456789012:db-proxy:prx-[0-9a-f]{17}$/,
    );
  });

  it('evaluates split and element through locals, inside a longer string', () => {
    expect(values.resolve('arn:${element(local.parts, 1)}:rds-db:${element(local.parts, 3)}:u')).toBe(
      'arn:aws:rds-db:eu-west-1:u',
    );
  });

  it('gives generated ids that differ between stacks with the same addresses', () => {
    const prod = new TerraformValues(json, { ...placement, stack: 'prod' });
    expect(prod.resolve('${aws_db_proxy.proxy.arn}')).not.toBe(values.resolve('${aws_db_proxy.proxy.arn}'));
  });

  it('fails closed on what it cannot know: variables, data sources, unknown functions and attributes', () => {
    expect(() => values.resolve('${var.account}')).toThrow(UnresolvedValueError);
    expect(() => values.resolve('${data.aws_caller_identity.me.account_id}')).toThrow(UnresolvedValueError);
    expect(() => values.resolve('${upper("x")}')).toThrow(UnresolvedValueError);
    expect(() => values.resolve('${aws_iam_role.api.create_date}')).toThrow(UnresolvedValueError);
  });

  it('never evaluates an attribute nobody reads (an asset hash)', () => {
    expect(values.resolve('${aws_lambda_function.api.arn}')).toBe(
      'arn:aws:lambda:eu-west-1:123456789012:function:rdsp-dev-api',
    );
  });
});
