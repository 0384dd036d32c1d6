import type { EnvironmentConfig } from '../config/environment-config';

/**
 * Resource types that only the data/app constructs (database, secret, proxy, functions, API, credentials) create,
 * with exact counts (the same in every environment); the offline plan test and the stack spec check them.
 */
export const DATA_APP_RESOURCE_COUNTS: Readonly<Record<string, number>> = {
  aws_db_instance: 1,
  aws_db_subnet_group: 1,
  aws_db_parameter_group: 1,
  aws_secretsmanager_secret: 1,
  aws_secretsmanager_secret_rotation: 1,
  aws_db_proxy: 1,
  aws_db_proxy_default_target_group: 1,
  aws_db_proxy_target: 1,
  // api, secret rotation, db bootstrap
  aws_lambda_function: 3,
  aws_lambda_invocation: 1,
  // API Gateway -> api function, Secrets Manager -> rotation function
  aws_lambda_permission: 2,
  aws_apigatewayv2_api: 1,
  aws_apigatewayv2_integration: 1,
  aws_apigatewayv2_route: 5,
  aws_apigatewayv2_stage: 1,
};

/** Minimum counts of types the data/app constructs share with the foundation (roles, policies, log groups). */
export function dataAppSharedResourceMinimums(_config: EnvironmentConfig): Record<string, number> {
  return {
    // proxy + 3 functions
    aws_iam_role: 4,
    // one per role: every grant (rds-db:connect in iam mode too) joins its role's one inline policy
    aws_iam_role_policy: 4,
    // 2 RDS log exports, 3 functions, API access logs
    aws_cloudwatch_log_group: 6,
  };
}

/** Types that would put a password into plan or state: never planned. */
export const PASSWORD_CARRYING_TYPES = ['random_password', 'aws_secretsmanager_secret_version'] as const;

/**
 * What the monitoring layer plans, exactly: alarms for the API (2), the API function (4 + 2 on its own metrics), the
 * proxy (5), the database (4), rotation (4), bootstrap (3, no concurrency alarm at a reservation of 1) and the alert
 * path itself (4: failed SNS deliveries, the alert-path test alarm, failed rule invocations, dead letters); the
 * rotation-failed rule (with its dead-letter queue) and the target-less failover-counting rule; and, where the drill
 * is on, its FIS template with a role, a log group and a log delivery policy.
 */
export function monitoringResourceCounts(config: EnvironmentConfig): Record<string, number> {
  const drill = config.monitoring.failoverDrill ? 1 : 0;
  return {
    aws_sns_topic: 1,
    aws_sns_topic_policy: 1,
    aws_sns_topic_subscription: config.monitoring.alertEmails.length + config.monitoring.alertHttpsEndpoints.length,
    aws_cloudwatch_metric_alarm: 28,
    aws_cloudwatch_dashboard: 1,
    aws_db_event_subscription: 1,
    // rotation-failed (to the topic) and db-failovers (no target: counts failovers for the dashboard)
    aws_cloudwatch_event_rule: 2,
    aws_cloudwatch_event_target: 1,
    // the rotation-failed target's dead-letter queue
    aws_sqs_queue: 1,
    aws_sqs_queue_policy: 1,
    aws_fis_experiment_template: drill,
    aws_cloudwatch_log_resource_policy: drill,
  };
}
