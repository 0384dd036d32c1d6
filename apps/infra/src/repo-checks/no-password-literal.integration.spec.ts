import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../app';
import { filesUnder, readText } from './source-files';

/**
 * A password literal: a key ending in "password" with a string or number value (so flags like
 * manage_master_user_password = true and enums like client_password_auth_type pass), or secret_string /
 * random_password, which would put a password in state. RDS manages the master password and the rotation Lambda creates the app password, so none may appear.
 */
export function passwordFindings(json: string): string[] {
  const findings: string[] = [];
  const visit = (value: unknown, trail: string) => {
    if (Array.isArray(value)) value.forEach((item, index) => visit(item, `${trail}[${index}]`));
    else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        const where = `${trail}.${key}`;
        if (/random_password|secret_string/i.test(key)) findings.push(where);
        else if (/(^|[_-]|[a-z])passw(or)?d$/i.test(key) && (typeof child === 'string' || typeof child === 'number'))
          findings.push(where);
        visit(child, where);
      }
    }
  };
  visit(JSON.parse(json), '$');
  return findings;
}

describe('synthesized files', () => {
  const outdir = mkdtempSync(path.join(tmpdir(), 'infra-password-check-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('GIVEN every stack of both variants WHEN synthesized THEN no file holds a password literal', () => {
    buildApp({ outdir: path.join(outdir, 'aws'), variant: 'aws' }).synth();
    buildApp({ outdir: path.join(outdir, 'offline'), variant: 'offline' }).synth();
    const files = filesUnder(outdir, (name) => name.endsWith('.json'));
    expect(files.filter((file) => file.endsWith('cdk.tf.json'))).toHaveLength(6);
    const findings = files.flatMap((file) =>
      passwordFindings(readText(file)).map((where) => `${path.relative(outdir, file)} ${where}`),
    );
    expect(findings).toEqual([]);
  }, 60_000);

  it.each([
    ['{"resource":{"aws_db_instance":{"db":{"password":"Passw0rd"}}}}', ['$.resource.aws_db_instance.db.password']],
    ['{"resource":{"random_password":{"p":{"length":16}}}}', ['$.resource.random_password']],
    [
      '{"resource":{"aws_secretsmanager_secret_version":{"v":{"secret_string":"{}"}}}}',
      ['$.resource.aws_secretsmanager_secret_version.v.secret_string'],
    ],
    [
      '{"resource":{"aws_lambda_function":{"f":{"environment":{"variables":{"DB_PASSWORD":"x"}}}}}}',
      ['$.resource.aws_lambda_function.f.environment.variables.DB_PASSWORD'],
    ],
    ['{"resource":{"aws_db_instance":{"db":{"manage_master_user_password":true}}}}', []],
    ['{"resource":{"aws_db_proxy":{"p":{"auth":[{"client_password_auth_type":"MYSQL_NATIVE_PASSWORD"}]}}}}', []],
  ])('the check reports %s as %j', (json, expected) => {
    expect(passwordFindings(json)).toEqual(expected);
  });
});
