import { synthResource, type SynthJson } from './fixtures';
import type { RuleCase } from './rule-cases';

/**
 * More ways to leak a secret than the one failing case per rule in RULE_CASES: each must fail its rule on the fixture
 * (which passes it as it is).
 */
const apiVariables = (synth: SynthJson) =>
  synthResource(synth, 'aws_lambda_function', 'api-function/function').environment.variables;

export const LEAK_CASES: RuleCase[] = [
  {
    rule: 'lambda-no-secrets-in-environment',
    variant: 'a secret-named variable set from random_password',
    breakIt: (s) => (apiVariables(s).DB_PASSWORD = '${random_password.db-password.result}'),
  },
  {
    rule: 'lambda-no-secrets-in-environment',
    variant: 'any variable set from a secret_string',
    breakIt: (s) =>
      (apiVariables(s).DB_SETTINGS = '${aws_secretsmanager_secret_version.app-secret-value.secret_string}'),
  },
  {
    rule: 'lambda-no-secrets-in-environment',
    variant: 'any variable set from a .password attribute',
    breakIt: (s) => (apiVariables(s).DB_LOGIN = '${aws_db_instance.database_instance_D7FC2283.password}'),
  },
  {
    rule: 'lambda-no-secrets-in-environment',
    variant: 'a secret-named variable set from a reference that is not an ARN',
    breakIt: (s) => (apiVariables(s).API_TOKEN = '${aws_ssm_parameter.token.value}'),
  },
];

/** Passing counterparts: the same resources, used the safe way, must still pass. */
export const SAFE_CASES: RuleCase[] = [
  {
    rule: 'lambda-no-secrets-in-environment',
    variant: 'secret-named variables that carry ARNs',
    breakIt: (s) =>
      Object.assign(apiVariables(s), {
        DB_SECRET_ARN: '${aws_secretsmanager_secret.app-secret.arn}',
        MASTER_SECRET: '${aws_db_instance.database_instance_D7FC2283.master_user_secret[0].secret_arn}',
        API_TOKEN: 'arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:token-AbCdEf',
        SECRET_CACHE_TTL_SECONDS: '300',
      }),
  },
];
