import { addSynthResource, synthResource, type SynthJson } from './fixtures';
import type { RuleCase } from './rule-cases';

/**
 * Credentials in configuration: every value below is a made-up example in the credential's published format
 * (AWS's own documentation keys, `Passw0rd`), never a real one.
 */
export const EXAMPLE_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const EXAMPLE_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const EXAMPLE_PRIVATE_KEY = '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAPassw0rd\n-----END RSA PRIVATE KEY-----';

const apiVariables = (synth: SynthJson) =>
  synthResource(synth, 'aws_lambda_function', 'api-function/function').environment.variables;
const stage = (synth: SynthJson) => synthResource(synth, 'aws_apigatewayv2_stage');
const stringParameter = (synth: SynthJson, name: string, value: string) =>
  addSynthResource(synth, 'aws_ssm_parameter', 'setting', { name, type: 'String', value });

export const CREDENTIAL_RULE_CASES: RuleCase[] = [
  {
    rule: 'no-credentials-in-configuration',
    breakIt: (s) => (stage(s).stage_variables = { DATABASE_URL: 'mysql://admin:Passw0rd@db.internal:3306/app' }),
  },
];

const credentialLeaks: [string, (synth: SynthJson) => void][] = [
  ['a password inside a URL in a tag', (s) => (stage(s).tags = { Dsn: 'postgres://app:Passw0rd@db/app' })],
  ['an AWS access key id in a String parameter', (s) => stringParameter(s, '/app/key-id', EXAMPLE_ACCESS_KEY_ID)],
  [
    'an AWS secret access key next to its key word, in user data',
    (s) =>
      addSynthResource(s, 'aws_launch_template', 'workers', {
        user_data: `export AWS_SECRET_ACCESS_KEY=${EXAMPLE_SECRET_ACCESS_KEY}`,
      }),
  ],
  ['a PEM private key in a String parameter', (s) => stringParameter(s, '/app/tls', EXAMPLE_PRIVATE_KEY)],
  [
    'a GitHub token in a stage variable',
    (s) => (stage(s).stage_variables = { deploy: `ghp_${'a1B2c3D4e5'.repeat(3)}a1B2c3` }),
  ],
  ['a Slack token in a tag', (s) => (stage(s).tags = { Hook: 'xoxb-123456789012-abcdefABCDEF' })],
  [
    'a literal in secret_string_wo (copied into the plan configuration)',
    (s) =>
      addSynthResource(s, 'aws_secretsmanager_secret_version', 'app-secret-value', {
        secret_id: '${aws_secretsmanager_secret.app-secret.id}',
        secret_string_wo: '{"password":"Passw0rd"}',
        secret_string_wo_version: 1,
      }),
  ],
  [
    'a literal in password_wo',
    (s) =>
      Object.assign(synthResource(s, 'aws_db_instance'), {
        manage_master_user_password: false,
        password_wo: 'Passw0rd',
        password_wo_version: 1,
      }),
  ],
  [
    'secret_string_wo set from a variable that is not ephemeral (its value is in the plan)',
    (s) => {
      s.variable = { initial: { type: 'string', sensitive: true } };
      addSynthResource(s, 'aws_secretsmanager_secret_version', 'app-secret-value', {
        secret_id: '${aws_secretsmanager_secret.app-secret.id}',
        secret_string_wo: '${var.initial}',
        secret_string_wo_version: 1,
      });
    },
  ],
  [
    'a password in a nested block of a provider schema',
    (s) =>
      addSynthResource(s, 'aws_mq_broker', 'broker', {
        broker_name: 'broker',
        user: [{ username: 'admin', password: 'Passw0rd' }],
      }),
  ],
  [
    'a secret word that does not end the name (DB_PASSWORD_V2)',
    (s) => (stage(s).stage_variables = { DB_PASSWORD_V2: 'Passw0rd' }),
  ],
  [
    'a secret-named pair in JSON container definitions',
    (s) =>
      addSynthResource(s, 'aws_ecs_task_definition', 'worker', {
        family: 'worker',
        container_definitions: JSON.stringify([
          { name: 'worker', environment: [{ name: 'DB_PASSWORD', value: 'Passw0rd' }] },
        ]),
      }),
  ],
];

export const CREDENTIAL_LEAK_CASES: RuleCase[] = [
  ...credentialLeaks.map(([variant, breakIt]) => ({ rule: 'no-credentials-in-configuration', variant, breakIt })),
  {
    rule: 'lambda-no-secrets-in-environment',
    variant: 'DATABASE_URL with a password in the URL',
    breakIt: (s) => (apiVariables(s).DATABASE_URL = 'mysql://admin:Passw0rd@proxy.internal:3306/app'),
  },
  {
    rule: 'lambda-no-secrets-in-environment',
    variant: 'DB_PASSWORD_V2 (the secret word inside the name)',
    breakIt: (s) => (apiVariables(s).DB_PASSWORD_V2 = 'Passw0rd'),
  },
  {
    rule: 'lambda-no-secrets-in-environment',
    variant: 'an AWS access key id under an innocent name',
    breakIt: (s) => (apiVariables(s).UPLOADER = EXAMPLE_ACCESS_KEY_ID),
  },
  {
    rule: 'secret-value-not-in-plan',
    variant: 'a String SSM parameter named like a password',
    breakIt: (s) => stringParameter(s, '/app/db/password', 'Passw0rd'),
  },
];

export const CREDENTIAL_SAFE_CASES: RuleCase[] = [
  {
    rule: 'no-credentials-in-configuration',
    variant:
      'pointers to secrets, URLs without a password, write-only attributes set from ephemeral values and variables',
    breakIt: (s) => {
      stage(s).stage_variables = {
        DB_SECRET_ARN: 'arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:app-AbCdEf',
        DB_PASSWORD_FILE: '/run/secrets/db',
        TOKEN_TTL_SECONDS: '300',
        DATABASE_URL: 'mysql://app@proxy.internal:3306/app',
        HOME_PAGE: 'https://example.com/login?next=/',
      };
      s.variable = { initial: { type: 'string', sensitive: true, ephemeral: true } };
      addSynthResource(s, 'aws_secretsmanager_secret_version', 'app-secret-value', {
        secret_id: '${aws_secretsmanager_secret.app-secret.id}',
        secret_string_wo: '${ephemeral.random_password.initial.result}',
        secret_string_wo_version: 1,
      });
      addSynthResource(s, 'aws_secretsmanager_secret_version', 'app-secret-seed', {
        secret_id: '${aws_secretsmanager_secret.app-secret.id}',
        secret_string_wo: '${var.initial}',
        secret_string_wo_version: 1,
      });
      // Provider settings with a secret word inside the name, not at its end.
      addSynthResource(s, 'aws_elasticache_replication_group', 'cache', {
        description: 'cache',
        auth_token_update_strategy: 'ROTATE',
      });
    },
  },
  {
    rule: 'lambda-no-secrets-in-environment',
    variant: 'a URL without a password and a password file path',
    breakIt: (s) =>
      Object.assign(apiVariables(s), {
        DATABASE_URL: 'mysql://app@proxy.internal:3306/app',
        DB_PASSWORD_FILE: '/run/secrets/db',
      }),
  },
];
