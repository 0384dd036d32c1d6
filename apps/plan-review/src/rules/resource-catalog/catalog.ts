/**
 * A catalog of resource types: the types this review knows, each covered by the rules that name it in `appliesTo`,
 * or listed below with what covers it. A resource of any other type fails as "not reviewed" until it is added here
 * (a reviewed change): a type nobody wrote a rule for is how a hostile change slips past a list of bad patterns. A new
 * resource of a known type passes this rule and faces that type's rules.
 */
export const REVIEWED_WITHOUT_A_TYPE_RULE: Readonly<Record<string, string>> = {
  aws_apigatewayv2_integration: 'targets the stack’s function by reference (references-closed-world); routes are ruled',
  aws_cloudwatch_dashboard: 'holds no data and grants nothing',
  aws_cloudwatch_event_rule: 'its target, dead-letter queue and the topic policy are ruled (access matrix)',
  aws_cloudwatch_event_target:
    'targets the stack’s topic (references-closed-world; the access matrix evaluates the publish)',
  aws_db_event_subscription: 'publishes to the stack’s topic (references-closed-world, access matrix)',
  aws_db_parameter_group: 'require_secure_transport is ruled (rds-require-secure-transport)',
  aws_db_proxy_target: 'joins the stack’s proxy and instance by reference',
  aws_db_subnet_group: 'places the database in the stack’s subnets (network rules, references-closed-world)',
  aws_default_security_group: 'must stay closed (vpc-default-security-group-closed)',
  aws_fis_experiment_template: 'its role is evaluated by the access matrix; its targets are references',
  aws_flow_log: 'required per VPC (vpc-flow-logs)',
  aws_kms_alias: 'names a key; keys are ruled',
  aws_route_table_association: 'routes are ruled (network paths)',
  aws_secretsmanager_secret_rotation: 'rotation is ruled (secrets rules); the invoke permission by the access matrix',
  aws_sns_topic_subscription: 'endpoints must be of the stack or reviewed (references-closed-world)',
  aws_subnet: 'no public IPs on launch, routes ruled (network rules)',
  aws_s3_bucket_lifecycle_configuration: 'part of the state bucket’s protections (data-protection rules)',
  aws_s3_bucket_ownership_controls: 'part of the state bucket’s protections (data-protection rules)',
  aws_s3_bucket_public_access_block: 'required per bucket (data-protection rules)',
  aws_s3_bucket_server_side_encryption_configuration: 'required per bucket (data-protection rules)',
  aws_s3_bucket_versioning: 'required per bucket (data-protection rules)',
};
