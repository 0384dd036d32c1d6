import { defineCases } from '../../testing/cases';
import { EXAMPLE_ACCESS_KEY_ID, apiVariables } from './fixture-edits';
import { lambdaNoSecretsInEnvironment } from './lambda-no-secrets-in-environment';

// Every value below is a made-up example (`Passw0rd`, AWS's documentation key); the spec checks no finding repeats it.

export default defineCases({
  rule: lambdaNoSecretsInEnvironment,
  failing: [
    { variant: 'DB_PASSWORD set to a literal', change: (s) => (apiVariables(s).DB_PASSWORD = 'Passw0rd') },
    {
      variant: 'DATABASE_URL with a password in the URL',
      change: (s) => (apiVariables(s).DATABASE_URL = 'mysql://admin:Passw0rd@proxy.internal:3306/app'),
    },
    {
      variant: 'DB_PASSWORD_V2 (the secret word inside the name)',
      change: (s) => (apiVariables(s).DB_PASSWORD_V2 = 'Passw0rd'),
    },
    {
      variant: 'an AWS access key id under an innocent name',
      change: (s) => (apiVariables(s).UPLOADER = EXAMPLE_ACCESS_KEY_ID),
    },
    {
      variant: 'a secret-named variable set from random_password',
      change: (s) => (apiVariables(s).DB_PASSWORD = '${random_password.db-password.result}'),
    },
    {
      variant: 'any variable set from a secret_string',
      change: (s) =>
        (apiVariables(s).DB_SETTINGS = '${aws_secretsmanager_secret_version.app-secret-value.secret_string}'),
    },
    {
      variant: 'any variable set from a .password attribute',
      change: (s) => (apiVariables(s).DB_LOGIN = '${aws_db_instance.database_instance_D7FC2283.password}'),
    },
    {
      variant: 'a secret-named variable set from a reference that is not an ARN',
      change: (s) => (apiVariables(s).API_TOKEN = '${aws_ssm_parameter.token.value}'),
    },
  ],
  passing: [
    {
      variant: 'a URL without a password and a password file path',
      change: (s) =>
        Object.assign(apiVariables(s), {
          DATABASE_URL: 'mysql://app@proxy.internal:3306/app',
          DB_PASSWORD_FILE: '/run/secrets/db',
        }),
    },
    {
      variant: 'secret-named variables that carry ARNs',
      change: (s) =>
        Object.assign(apiVariables(s), {
          DB_SECRET_ARN: '${aws_secretsmanager_secret.app-secret.arn}',
          MASTER_SECRET: '${aws_db_instance.database_instance_D7FC2283.master_user_secret[0].secret_arn}',
          API_TOKEN: 'arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:token-AbCdEf',
          SECRET_CACHE_TTL_SECONDS: '300',
        }),
    },
  ],
});
