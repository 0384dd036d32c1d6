import { DATA_PROTECTION_PASSING_SETUP, DATA_PROTECTION_RULE_CASES } from './data-protection-cases';
import { addSynthResource, synthResource, type SynthJson } from './fixtures';
import { POLICY_PASSING_SETUP, POLICY_RULE_CASES } from './policy-cases';
import { CREDENTIAL_RULE_CASES } from './credentials-cases';
import { FIXES_B_PASSING_SETUP, FIXES_B_RULE_CASES } from './fixes-b-cases';
import { NETWORK_PASSING_SETUP, NETWORK_RULE_CASES } from './network-cases';

/**
 * One case per rule: how to break, in a copy of our fixture synth, exactly what the rule guards. Specs check the rule
 * passes on the fixture and fails once broken.
 */
export interface RuleCase {
  readonly rule: string;
  /** Breaks exactly what the rule guards, in a copy of our fixture synth. */
  readonly breakIt: (synth: SynthJson) => void;
  readonly environment?: string;
  /** Which way of breaking it, when a rule has more than one case (testing/leak-cases.ts). */
  readonly variant?: string;
}

const policyOf = (synth: SynthJson, suffix: string) => synthResource(synth, 'aws_iam_role_policy', suffix);
const setPolicy = (synth: SynthJson, suffix: string, statements: unknown[]) => {
  policyOf(synth, suffix).policy = JSON.stringify({ Version: '2012-10-17', Statement: statements });
};
const sgRule = (synth: SynthJson, type: string, suffix: string) => synthResource(synth, type, suffix);

export const RULE_CASES: RuleCase[] = [
  { rule: 'rds-encrypted-with-cmk', breakIt: (s) => (synthResource(s, 'aws_db_instance').storage_encrypted = false) },
  { rule: 'rds-not-public', breakIt: (s) => (synthResource(s, 'aws_db_instance').publicly_accessible = true) },
  {
    rule: 'rds-multi-az-in-prod',
    environment: 'prod',
    breakIt: (s) => (synthResource(s, 'aws_db_instance').multi_az = false),
  },
  {
    rule: 'rds-log-exports',
    breakIt: (s) => delete synthResource(s, 'aws_db_instance').enabled_cloudwatch_logs_exports,
  },
  {
    rule: 'rds-backup-retention',
    environment: 'prod',
    breakIt: (s) => (synthResource(s, 'aws_db_instance').backup_retention_period = 3),
  },
  {
    rule: 'rds-deletion-protection-in-prod',
    environment: 'prod',
    breakIt: (s) => (synthResource(s, 'aws_db_instance').deletion_protection = false),
  },
  {
    rule: 'rds-performance-insights-with-cmk',
    breakIt: (s) => delete synthResource(s, 'aws_db_instance').performance_insights_kms_key_id,
  },
  {
    rule: 'rds-auto-minor-upgrades',
    breakIt: (s) => (synthResource(s, 'aws_db_instance').auto_minor_version_upgrade = false),
  },
  {
    // The fixture's MySQL 8.0 is past standard support (2026-07-31) on the explicit opt-in: without it, it fails.
    rule: 'rds-engine-in-standard-support',
    breakIt: (s) => delete synthResource(s, 'aws_db_instance').engine_lifecycle_support,
  },
  { rule: 'rds-current-ca', breakIt: (s) => (synthResource(s, 'aws_db_instance').ca_cert_identifier = 'rds-ca-2019') },
  {
    rule: 'rds-copy-tags-to-snapshot',
    breakIt: (s) => delete synthResource(s, 'aws_db_instance').copy_tags_to_snapshot,
  },
  {
    rule: 'rds-require-secure-transport',
    breakIt: (s) => (synthResource(s, 'aws_db_parameter_group').parameter[0].value = '0'),
  },
  {
    rule: 'rds-master-password-managed',
    breakIt: (s) =>
      Object.assign(synthResource(s, 'aws_db_instance'), { manage_master_user_password: false, password: 'Passw0rd' }),
  },
  { rule: 'proxy-requires-tls', breakIt: (s) => (synthResource(s, 'aws_db_proxy').require_tls = false) },
  {
    rule: 'proxy-auth-secret-in-stack',
    breakIt: (s) =>
      (synthResource(s, 'aws_db_proxy').auth[0].secret_arn =
        'arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:other-AbCdEf'),
  },
  {
    rule: 'proxy-pool-within-limits',
    breakIt: (s) =>
      (synthResource(s, 'aws_db_proxy_default_target_group').connection_pool_config.max_connections_percent = 150),
  },
  {
    rule: 'proxy-role-reads-only-its-secrets',
    breakIt: (s) =>
      setPolicy(s, 'proxy/secrets', [
        {
          Effect: 'Allow',
          Action: 'secretsmanager:GetSecretValue',
          Resource: [
            '${aws_secretsmanager_secret.app-secret.arn}',
            '${aws_db_instance.database_instance_D7FC2283.master_user_secret[0].secret_arn}',
          ],
        },
      ]),
  },
  {
    rule: 'secret-encrypted-with-cmk',
    breakIt: (s) => delete synthResource(s, 'aws_secretsmanager_secret').kms_key_id,
  },
  { rule: 'secret-rotation-configured', breakIt: (s) => delete s.resource.aws_secretsmanager_secret_rotation },
  {
    rule: 'secret-value-not-in-plan',
    breakIt: (s) =>
      addSynthResource(s, 'aws_secretsmanager_secret_version', 'app-secret-value', {
        secret_id: '${aws_secretsmanager_secret.app-secret.id}',
        secret_string: '{"password":"x"}',
      }),
  },
  {
    rule: 'lambda-in-vpc',
    breakIt: (s) => delete synthResource(s, 'aws_lambda_function', 'api-function/function').vpc_config,
  },
  {
    rule: 'lambda-reserved-concurrency',
    breakIt: (s) =>
      delete synthResource(s, 'aws_lambda_function', 'credentials/function').reserved_concurrent_executions,
  },
  {
    rule: 'lambda-xray-tracing',
    breakIt: (s) => delete synthResource(s, 'aws_lambda_function', 'api-function/function').tracing_config,
  },
  {
    rule: 'lambda-environment-cmk',
    breakIt: (s) => delete synthResource(s, 'aws_lambda_function', 'api-function/function').kms_key_arn,
  },
  {
    rule: 'lambda-no-secrets-in-environment',
    breakIt: (s) =>
      (synthResource(s, 'aws_lambda_function', 'api-function/function').environment.variables.DB_PASSWORD = 'Passw0rd'),
  },
  {
    rule: 'lambda-runtime-supported',
    breakIt: (s) => (synthResource(s, 'aws_lambda_function', 'api-function/function').runtime = 'nodejs16.x'),
  },
  {
    rule: 'lambda-permission-source-arn',
    breakIt: (s) => delete synthResource(s, 'aws_lambda_permission', 'http-api/invoke').source_arn,
  },
  {
    rule: 'api-stage-access-logs',
    breakIt: (s) => delete synthResource(s, 'aws_apigatewayv2_stage').access_log_settings,
  },
  {
    rule: 'api-stage-throttling',
    breakIt: (s) => delete synthResource(s, 'aws_apigatewayv2_stage').default_route_settings,
  },
  {
    rule: 'log-group-encrypted-with-cmk',
    breakIt: (s) => delete synthResource(s, 'aws_cloudwatch_log_group', 'http-api/access-logs').kms_key_id,
  },
  {
    rule: 'log-group-retention',
    breakIt: (s) => delete synthResource(s, 'aws_cloudwatch_log_group', 'network/flow-log-group').retention_in_days,
  },
  {
    rule: 'kms-key-rotation',
    breakIt: (s) => (synthResource(s, 'aws_kms_key', 'kms/logs').enable_key_rotation = false),
  },
  {
    rule: 'stateful-and-functions-alarmed',
    breakIt: (s) => delete synthResource(s, 'aws_cloudwatch_metric_alarm', 'monitoring/alarm-db-cpu').dimensions,
  },
  {
    rule: 'alarm-has-actions',
    breakIt: (s) => delete synthResource(s, 'aws_cloudwatch_metric_alarm', 'monitoring/alarm-api-5xx').alarm_actions,
  },
  {
    rule: 'sns-topic-encrypted-with-cmk',
    breakIt: (s) => (synthResource(s, 'aws_sns_topic').kms_master_key_id = 'alias/aws/sns'),
  },
  { rule: 'vpc-flow-logs', breakIt: (s) => delete s.resource.aws_flow_log },
  {
    rule: 'vpc-default-security-group-closed',
    breakIt: (s) =>
      (synthResource(s, 'aws_default_security_group').ingress = [
        { protocol: '-1', from_port: 0, to_port: 0, self: true },
      ]),
  },
  {
    rule: 'vpc-no-internet-path',
    breakIt: (s) =>
      addSynthResource(s, 'aws_internet_gateway', 'igw', { vpc_id: '${aws_vpc.network_vpc_B55C2A9C.id}' }),
  },
  {
    rule: 'security-group-descriptions',
    breakIt: (s) => delete sgRule(s, 'aws_vpc_security_group_egress_rule', 'lambda-to-proxy').description,
  },
  {
    rule: 'security-group-no-public-ingress',
    breakIt: (s) =>
      Object.assign(sgRule(s, 'aws_vpc_security_group_ingress_rule', 'proxy-from-lambda'), {
        referenced_security_group_id: undefined,
        cidr_ipv6: '::/0',
      }),
  },
  {
    rule: 'database-admits-only-proxy-and-rotation',
    breakIt: (s) =>
      (sgRule(s, 'aws_vpc_security_group_ingress_rule', 'database-from-proxy').referenced_security_group_id =
        '${aws_security_group.security-groups_lambda_BAF8CC59.id}'),
  },
  {
    rule: 'endpoint-admits-only-https-from-our-groups',
    breakIt: (s) =>
      Object.assign(sgRule(s, 'aws_vpc_security_group_ingress_rule', 'endpoint-from-lambda'), {
        from_port: 0,
        to_port: 65535,
      }),
  },
  {
    rule: 'iam-no-wildcard-action',
    breakIt: (s) =>
      setPolicy(s, 'api-function/policy', [
        { Effect: 'Allow', Action: 'secretsmanager:*', Resource: '${aws_secretsmanager_secret.app-secret.arn}' },
      ]),
  },
  {
    // A guard that exists but no longer guards: its actions switched off.
    rule: 'alarm-can-fire',
    breakIt: (s) => (synthResource(s, 'aws_cloudwatch_metric_alarm', 'db-cpu').actions_enabled = false),
  },
  {
    rule: 'alarm-notifies-the-stack-topic',
    breakIt: (s) => (synthResource(s, 'aws_cloudwatch_metric_alarm', 'db-cpu').alarm_actions = []),
  },
  {
    // Lambda, not the Queen: CloudWatch has no data for a name AWS/RDS never publishes (rds-metrics.html).
    rule: 'alarm-watches-a-published-metric',
    breakIt: (s) => (synthResource(s, 'aws_cloudwatch_metric_alarm', 'db-cpu').metric_name = 'CPUUtilisation'),
  },
  {
    rule: 'alarm-threshold-in-configured-band',
    breakIt: (s) => (synthResource(s, 'aws_cloudwatch_metric_alarm', 'api-errors').threshold = 1_000_000_000),
  },
  {
    rule: 'alerts-reach-a-subscriber',
    environment: 'prod',
    breakIt: (s) => delete s.resource['aws_sns_topic_subscription'],
  },
  {
    rule: 'event-rule-delivers-or-is-counted',
    breakIt: (s) => delete s.resource['aws_cloudwatch_event_target'],
  },
  {
    rule: 'db-events-include-failures',
    breakIt: (s) => (synthResource(s, 'aws_db_event_subscription', 'db-events').event_categories = ['maintenance']),
  },
  {
    rule: 'fis-experiment-stops-on-alarms',
    breakIt: (s) => (synthResource(s, 'aws_fis_experiment_template', 'drill').stop_condition = [{ source: 'none' }]),
  },
  {
    rule: 'event-pattern-names-real-events',
    breakIt: (s) => {
      const rule = synthResource(s, 'aws_cloudwatch_event_rule', 'rotation-failed');
      rule.event_pattern = rule.event_pattern.replace('"RotationFailed"', '"RotationFailedLegacy"');
    },
  },
  {
    rule: 'alert-sources-enabled',
    breakIt: (s) => (synthResource(s, 'aws_db_event_subscription', 'db-events').enabled = false),
  },
  {
    // A resource type no rule was written for: a RAM share (the stack's resources offered to other accounts).
    rule: 'resource-type-reviewed',
    breakIt: (s) =>
      addSynthResource(s, 'aws_ram_resource_share', 'offer', { name: 'subnets', allow_external_principals: true }),
  },
  {
    // A Lambda layer from another account: code from outside the stack.
    rule: 'references-closed-world',
    breakIt: (s) =>
      (synthResource(s, 'aws_lambda_function', 'api-function/function').layers = [
        'arn:aws:lambda:ap-northeast-2:999999999999:layer:helpers:3',
      ]),
  },
  {
    rule: 'iam-no-wildcard-resource',
    breakIt: (s) =>
      setPolicy(s, 'api-function/policy', [
        { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' },
      ]),
  },
  {
    rule: 'iam-no-broad-managed-policy',
    breakIt: (s) =>
      (synthResource(s, 'aws_iam_role_policy_attachment', 'api-function/vpc-access').policy_arn =
        'arn:aws:iam::aws:policy/SecretsManagerReadWrite'),
  },
  {
    rule: 'state-backend-encrypted-and-locked',
    breakIt: (s) =>
      (s.terraform.backend = {
        s3: { bucket: 'state', key: 'dev/terraform.tfstate', region: 'ap-northeast-2', encrypt: true },
      }),
  },
  {
    rule: 'suppression-has-reason',
    breakIt: (s) => (synthResource(s, 'aws_apigatewayv2_route')['//'].review_suppress = [{ rule: 'CKV_AWS_309' }]),
  },
  ...DATA_PROTECTION_RULE_CASES,
  ...POLICY_RULE_CASES,
  ...NETWORK_RULE_CASES,
  ...CREDENTIAL_RULE_CASES,
  ...FIXES_B_RULE_CASES,
];

/** Rules whose passing case needs a setting our offline fixture does not have. */
const ALERTS_TOPIC = '${aws_sns_topic.monitoring_topic_631C3BE1.arn}';

/** The rotation failure rule as the stack has it (the fixture predates it), with its target, the alerts topic. */
function addRotationFailedRule(synth: SynthJson): void {
  addSynthResource(synth, 'aws_cloudwatch_event_rule', 'rotation-failed', {
    name: 'rdsp-dev-rotation-failed',
    event_pattern: JSON.stringify({
      source: ['aws.secretsmanager'],
      'detail-type': ['AWS Service Event via CloudTrail'],
      detail: { eventName: ['RotationFailed', 'RotationAbandoned'] },
    }),
  });
  addSynthResource(synth, 'aws_cloudwatch_event_target', 'rotation-failed-target', {
    rule: '${aws_cloudwatch_event_rule.rotation-failed.name}',
    arn: ALERTS_TOPIC,
  });
}

export const PASSING_SETUP: Record<string, (synth: SynthJson) => void> = {
  // The fixture predates the event subscription: add the one the stack has.
  'alert-sources-enabled': (s) =>
    addSynthResource(s, 'aws_db_event_subscription', 'db-events', {
      name: 'rdsp-dev-db-events',
      sns_topic: '${aws_sns_topic.monitoring_topic_631C3BE1.arn}',
      source_type: 'db-instance',
      event_categories: ['failover'],
    }),
  'alerts-reach-a-subscriber': (s) =>
    addSynthResource(s, 'aws_sns_topic_subscription', 'email-0', {
      topic_arn: ALERTS_TOPIC,
      protocol: 'email',
      endpoint: 'oncall@example.com',
    }),
  'event-rule-delivers-or-is-counted': (s) => addRotationFailedRule(s),
  'event-pattern-names-real-events': (s) => addRotationFailedRule(s),
  'db-events-include-failures': (s) =>
    addSynthResource(s, 'aws_db_event_subscription', 'db-events', {
      name: 'rdsp-dev-db-events',
      sns_topic: ALERTS_TOPIC,
      source_type: 'db-instance',
      event_categories: ['availability', 'failover', 'failure', 'low storage', 'maintenance'],
    }),
  'fis-experiment-stops-on-alarms': (s) =>
    addSynthResource(s, 'aws_fis_experiment_template', 'drill', {
      description: 'failover drill',
      stop_condition: [
        {
          source: 'aws:cloudwatch:alarm',
          value: '${aws_cloudwatch_metric_alarm.monitoring_alarm-db-cpu_A9709D6C.arn}',
        },
      ],
    }),
  ...DATA_PROTECTION_PASSING_SETUP,
  ...POLICY_PASSING_SETUP,
  ...NETWORK_PASSING_SETUP,
  ...FIXES_B_PASSING_SETUP,
  'secret-value-not-in-plan': (s) =>
    addSynthResource(s, 'aws_secretsmanager_secret_version', 'app-secret-value', {
      secret_id: '${aws_secretsmanager_secret.app-secret.id}',
      secret_string_wo: '${var.initial}',
      secret_string_wo_version: 1,
    }),
  'rds-deletion-protection-in-prod': (s) => (synthResource(s, 'aws_db_instance').deletion_protection = true),
  'state-backend-encrypted-and-locked': (s) =>
    (s.terraform.backend = {
      s3: {
        bucket: 'state',
        key: 'dev/terraform.tfstate',
        region: 'ap-northeast-2',
        encrypt: true,
        use_lockfile: true,
      },
    }),
};
