import { DATA_PROTECTION_LEAK_CASES, DATA_PROTECTION_SAFE_CASES } from './data-protection-cases';
import { addSynthResource, synthResource, type SynthJson } from './fixtures';
import { POLICY_LEAK_CASES, POLICY_SAFE_CASES } from './policy-cases';
import { CREDENTIAL_LEAK_CASES, CREDENTIAL_SAFE_CASES } from './credentials-cases';
import { FIXES_B_LEAK_CASES, FIXES_B_SAFE_CASES } from './fixes-b-cases';
import { NETWORK_LEAK_CASES, NETWORK_SAFE_CASES } from './network-cases';
import { HOSTILE_CHANGE_LEAK_CASES, HOSTILE_CHANGE_SAFE_CASES } from './hostile-change-cases';
import type { RuleCase } from './rule-cases';

/**
 * More ways to leak a secret than the one failing case per rule in RULE_CASES: each must fail its rule on the fixture
 * (which passes it as it is).
 */
const apiVariables = (synth: SynthJson) =>
  synthResource(synth, 'aws_lambda_function', 'api-function/function').environment.variables;

const addPassword = (synth: SynthJson) =>
  addSynthResource(synth, 'random_password', 'db-password', { length: 32, special: true });

const alarm = (synth: SynthJson, name: string) =>
  synthResource(synth, 'aws_cloudwatch_metric_alarm', `monitoring/alarm-${name}`);
const topic = (synth: SynthJson) => synthResource(synth, 'aws_sns_topic', 'monitoring/topic');

export const LEAK_CASES: RuleCase[] = [
  ...NETWORK_LEAK_CASES,
  ...CREDENTIAL_LEAK_CASES,
  ...FIXES_B_LEAK_CASES,
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
  {
    rule: 'secret-value-not-in-plan',
    variant: 'a random_password (its result is kept in the state)',
    breakIt: addPassword,
  },
  {
    rule: 'secret-value-not-in-plan',
    variant: 'an IAM access key (its secret is kept in the state)',
    breakIt: (s) => {
      addSynthResource(s, 'aws_iam_user', 'deployer', { name: 'deployer' });
      addSynthResource(s, 'aws_iam_access_key', 'deployer-key', { user: '${aws_iam_user.deployer.name}' });
    },
  },
  {
    rule: 'secret-value-not-in-plan',
    variant: 'an IAM console login profile (its password is kept in the state)',
    breakIt: (s) => addSynthResource(s, 'aws_iam_user_login_profile', 'login', { user: 'deployer' }),
  },
  {
    rule: 'secret-value-not-in-plan',
    variant: 'a random_string used as a database password',
    breakIt: (s) => {
      addSynthResource(s, 'random_string', 'db-password', { length: 32 });
      Object.assign(synthResource(s, 'aws_db_instance'), {
        manage_master_user_password: false,
        password_wo: '${random_string.db-password.result}',
        password_wo_version: 1,
      });
    },
  },
  {
    rule: 'secret-value-not-in-plan',
    variant: 'a SecureString SSM parameter with its value in the plan',
    breakIt: (s) =>
      addSynthResource(s, 'aws_ssm_parameter', 'token', { name: '/app/token', type: 'SecureString', value: 'x' }),
  },
  {
    rule: 'secret-value-not-in-plan',
    variant: 'a password inside a Lambda invocation input',
    breakIt: (s) =>
      addSynthResource(s, 'aws_lambda_invocation', 'bootstrap', {
        function_name: '${aws_lambda_function.credentials_function_01992942.function_name}',
        input: JSON.stringify({ username: 'app', masterPassword: 'Passw0rd' }),
      }),
  },
  {
    rule: 'secret-value-not-in-plan',
    variant: 'aws_db_instance.password set',
    breakIt: (s) =>
      Object.assign(synthResource(s, 'aws_db_instance'), { manage_master_user_password: false, password: 'Passw0rd' }),
  },
  {
    rule: 'secret-value-not-in-plan',
    variant: 'aws_rds_cluster.master_password set',
    breakIt: (s) =>
      addSynthResource(s, 'aws_rds_cluster', 'cluster', { engine: 'aurora-mysql', master_password: 'Passw0rd' }),
  },
  {
    rule: 'secret-value-not-in-plan',
    variant: 'a secret_string copied into another resource',
    breakIt: (s) =>
      addSynthResource(s, 'aws_ssm_parameter', 'copy', {
        name: '/app/copy',
        type: 'String',
        value: '${data.aws_secretsmanager_secret_version.app.secret_string}',
      }),
  },
  {
    rule: 'stateful-and-functions-alarmed',
    variant: 'a proxy whose only alarm pages a topic outside this stack',
    breakIt: (s) =>
      (alarm(s, 'proxy-auth-failures').alarm_actions = ['arn:aws:sns:ap-northeast-2:123456789012:elsewhere']),
  },
  {
    rule: 'stateful-and-functions-alarmed',
    variant: 'a function whose only alarm has actions_enabled=false',
    breakIt: (s) => (alarm(s, 'rotation-errors').actions_enabled = false),
  },
  {
    rule: 'stateful-and-functions-alarmed',
    variant: 'an API alarm on another stage only',
    breakIt: (s) => (alarm(s, 'api-5xx').dimensions.Stage = 'prod'),
  },
  {
    rule: 'stateful-and-functions-alarmed',
    variant: 'a function added without any alarm',
    breakIt: (s) =>
      addSynthResource(s, 'aws_lambda_function', 'worker', {
        ...synthResource(s, 'aws_lambda_function', 'api-function/function'),
        function_name: 'rds-platform-dev-worker',
      }),
  },
  {
    rule: 'alarm-has-actions',
    variant: 'an alarm with actions_enabled=false',
    breakIt: (s) => (alarm(s, 'db-cpu').actions_enabled = false),
  },
  {
    rule: 'alarm-has-actions',
    variant: 'an alarm with only ok_actions',
    breakIt: (s) => (alarm(s, 'db-cpu').alarm_actions = []),
  },
  {
    rule: 'sns-topic-encrypted-with-cmk',
    variant: 'a topic without kms_master_key_id',
    breakIt: (s) => delete topic(s).kms_master_key_id,
  },
  {
    rule: 'sns-topic-encrypted-with-cmk',
    variant: 'the ARN of the AWS-managed alias',
    breakIt: (s) => (topic(s).kms_master_key_id = 'arn:aws:kms:ap-northeast-2:123456789012:alias/aws/sns'),
  },
  {
    rule: 'sns-topic-encrypted-with-cmk',
    variant: 'a key looked up by a data source (it may be alias/aws/sns)',
    breakIt: (s) => (topic(s).kms_master_key_id = '${data.aws_kms_alias.sns.target_key_arn}'),
  },
  ...DATA_PROTECTION_LEAK_CASES,
  ...POLICY_LEAK_CASES,
  ...HOSTILE_CHANGE_LEAK_CASES,
];

/** Passing counterparts: the same resources, used the safe way, must still pass. */
export const SAFE_CASES: RuleCase[] = [
  ...NETWORK_SAFE_CASES,
  ...CREDENTIAL_SAFE_CASES,
  ...FIXES_B_SAFE_CASES,
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
  {
    rule: 'secret-value-not-in-plan',
    variant: 'a plain String parameter, a random_string for names, an invocation with ARNs only',
    breakIt: (s) => {
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
  {
    rule: 'stateful-and-functions-alarmed',
    variant: 'alarms naming what they watch by literal name (as a plan shows known names), on the whole API',
    breakIt: (s) => {
      alarm(s, 'db-cpu').dimensions = { DBInstanceIdentifier: 'rds-platform-dev' };
      alarm(s, 'proxy-auth-failures').dimensions = { ProxyName: 'rds-platform-dev' };
      alarm(s, 'api-errors').dimensions = { FunctionName: 'rds-platform-dev-api' };
      alarm(s, 'api-5xx').dimensions = { ApiId: '${aws_apigatewayv2_api.http-api_FA544390.id}' };
    },
  },
  {
    rule: 'stateful-and-functions-alarmed',
    variant: 'a metric-math alarm on the function (dimensions inside metric_query)',
    breakIt: (s) => {
      const errors = alarm(s, 'rotation-errors');
      const dimensions = errors.dimensions;
      for (const key of ['dimensions', 'metric_name', 'namespace', 'period', 'statistic']) delete errors[key];
      errors.metric_query = [
        { id: 'e', expression: 'errors', return_data: true },
        {
          id: 'errors',
          metric: { metric_name: 'Errors', namespace: 'AWS/Lambda', period: 300, stat: 'Sum', dimensions },
        },
      ];
    },
  },
  {
    rule: 'alarm-has-actions',
    variant: 'an alarm without ok_actions (recommended, not required)',
    breakIt: (s) => delete alarm(s, 'db-cpu').ok_actions,
  },
  {
    rule: 'sns-topic-encrypted-with-cmk',
    variant: 'a key ARN',
    breakIt: (s) =>
      (topic(s).kms_master_key_id = 'arn:aws:kms:ap-northeast-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'),
  },
  {
    rule: 'sns-topic-encrypted-with-cmk',
    variant: 'the name of an alias of this stack',
    breakIt: (s) => {
      addSynthResource(s, 'aws_kms_alias', 'alerts-alias', {
        name: 'alias/rds-platform-dev-alerts',
        target_key_id: '${aws_kms_key.kms_alerts_3C1E9F07.key_id}',
      });
      topic(s).kms_master_key_id = 'alias/rds-platform-dev-alerts';
    },
  },
  ...DATA_PROTECTION_SAFE_CASES,
  ...POLICY_SAFE_CASES,
  ...HOSTILE_CHANGE_SAFE_CASES,
];
