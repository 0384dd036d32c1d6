import { parseBootstrapInput } from './bootstrap-input';

const valid = {
  schema: 'app',
  username: 'serverless',
  appSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-abc',
  masterSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1',
  host: 'db.abc.eu-west-1.rds.amazonaws.com',
  port: 3306,
};

describe('parseBootstrapInput', () => {
  it('accepts Terraform input with a numeric-string port and dbname for schema', () => {
    const terraformInput = { ...valid, schema: undefined, dbname: 'app', port: '3306' };

    expect(parseBootstrapInput(terraformInput)).toEqual(valid);
  });

  it.each(['username', 'appSecretArn', 'masterSecretArn', 'host', 'schema'])('names the missing "%s"', (key) => {
    expect(() => parseBootstrapInput({ ...valid, [key]: undefined })).toThrow(`"${key}"`);
  });

  it('refuses identifiers that would need quoting in DDL', () => {
    expect(() => parseBootstrapInput({ ...valid, schema: 'app`; DROP DATABASE x; --' })).toThrow('"schema" must be');
    expect(() => parseBootstrapInput({ ...valid, username: "x'@'%" })).toThrow('"username" must be');
  });

  it('refuses a missing or out-of-range port', () => {
    expect(() => parseBootstrapInput({ ...valid, port: undefined })).toThrow('"port"');
    expect(() => parseBootstrapInput({ ...valid, port: 0 })).toThrow('"port"');
  });
});
