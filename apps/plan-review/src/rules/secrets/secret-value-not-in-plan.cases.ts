import { defineCases } from '../../testing/cases';
import { addSynthResource, synthResource, type SynthJson } from '../../testing/fixtures';
import { secretValueNotInPlan } from './secret-value-not-in-plan';

// Every value below is a made-up example (`Passw0rd`); the spec checks no finding repeats it.

const secretVersion = (synth: SynthJson, values: Record<string, unknown>) =>
  addSynthResource(synth, 'aws_secretsmanager_secret_version', 'app-secret-value', {
    secret_id: '${aws_secretsmanager_secret.app-secret.id}',
    ...values,
  });
const database = (synth: SynthJson) => synthResource(synth, 'aws_db_instance');

export default defineCases({
  rule: secretValueNotInPlan,
  // The rule looks at secret-carrying resources; the fixture's only one is the DB instance: add a version the right way.
  setup: (s) => secretVersion(s, { secret_string_wo: '${var.initial}', secret_string_wo_version: 1 }),
  failing: [
    {
      variant: 'secret_string set on a secret version',
      change: (s) => secretVersion(s, { secret_string: '{"password":"x"}' }),
    },
    {
      variant: 'a random_password (its result is kept in the state)',
      change: (s) => addSynthResource(s, 'random_password', 'db-password', { length: 32, special: true }),
    },
    {
      variant: 'an IAM access key (its secret is kept in the state)',
      change: (s) => {
        addSynthResource(s, 'aws_iam_user', 'deployer', { name: 'deployer' });
        addSynthResource(s, 'aws_iam_access_key', 'deployer-key', { user: '${aws_iam_user.deployer.name}' });
      },
    },
    {
      variant: 'an IAM console login profile (its password is kept in the state)',
      change: (s) => addSynthResource(s, 'aws_iam_user_login_profile', 'login', { user: 'deployer' }),
    },
    {
      variant: 'a random_string used as a database password',
      change: (s) => {
        addSynthResource(s, 'random_string', 'db-password', { length: 32 });
        Object.assign(database(s), {
          manage_master_user_password: false,
          password_wo: '${random_string.db-password.result}',
          password_wo_version: 1,
        });
      },
    },
    {
      variant: 'a SecureString SSM parameter with its value in the plan',
      change: (s) =>
        addSynthResource(s, 'aws_ssm_parameter', 'token', { name: '/app/token', type: 'SecureString', value: 'x' }),
    },
    {
      variant: 'a password inside a Lambda invocation input',
      change: (s) =>
        addSynthResource(s, 'aws_lambda_invocation', 'bootstrap', {
          function_name: '${aws_lambda_function.credentials_function_01992942.function_name}',
          input: JSON.stringify({ username: 'app', masterPassword: 'Passw0rd' }),
        }),
    },
    {
      variant: 'aws_db_instance.password set',
      change: (s) => Object.assign(database(s), { manage_master_user_password: false, password: 'Passw0rd' }),
    },
    {
      variant: 'aws_rds_cluster.master_password set',
      change: (s) =>
        addSynthResource(s, 'aws_rds_cluster', 'cluster', { engine: 'aurora-mysql', master_password: 'Passw0rd' }),
    },
    {
      variant: 'a secret_string copied into another resource',
      change: (s) =>
        addSynthResource(s, 'aws_ssm_parameter', 'copy', {
          name: '/app/copy',
          type: 'String',
          value: '${data.aws_secretsmanager_secret_version.app.secret_string}',
        }),
    },
    {
      variant: 'a String SSM parameter named like a password',
      change: (s) =>
        addSynthResource(s, 'aws_ssm_parameter', 'setting', {
          name: '/app/db/password',
          type: 'String',
          value: 'Passw0rd',
        }),
    },
  ],
  passing: [
    {
      variant: 'a plain String parameter, a random_string for names, an invocation with ARNs only',
      change: (s) => {
        addSynthResource(s, 'aws_ssm_parameter', 'setting', { name: '/app/mode', type: 'String', value: 'secret' });
        addSynthResource(s, 'random_string', 'suffix', { length: 6, special: false });
        addSynthResource(s, 'aws_s3_bucket', 'bucket', { bucket: 'logs-${random_string.suffix.result}' });
        addSynthResource(s, 'aws_lambda_invocation', 'bootstrap', {
          function_name: 'bootstrap',
          input:
            '${jsonencode({"username" = "app", "appSecretArn" = aws_secretsmanager_secret.app-secret.arn, ' +
            '"masterSecretArn" = aws_db_instance.database_instance_D7FC2283.master_user_secret[0].secret_arn})}',
        });
      },
    },
  ],
});
