import { label, referencedResources } from '../model/lookup';
import type { ReviewModel } from '../model/types';
import { actionMatches, MANAGED_POLICY_ATTACHMENT_TYPES, managedPolicyAttachments } from '../model/policies';
import { isExpression } from '../model/values';
import { perAllowStatement } from './iam';
import { finding, type Rule } from './rule';

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

export const iamPrivilegeRules: Rule[] = [
  perAllowStatement({
    id: 'iam-no-admin-policy',
    severity: 'critical',
    peers: { checkov: ['CKV_AWS_62'], trivy: [] },
    title: 'No identity has admin rights: no `*` or `iam:*` action, no AdministratorAccess / PowerUser / IAMFullAccess',
    problem: (statement) => {
      // NotAction in an Allow grants everything it does not list, iam:* included.
      if (statement.notActions.length) return `allows everything but ${statement.notActions.join(', ')}`;
      const admin = statement.actions.filter((action) => /^(\*|iam:\*)$/i.test(action));
      return admin.length ? `allows ${admin.join(', ')}` : undefined;
    },
  }),
  {
    id: 'iam-no-admin-managed-policy',
    severity: 'critical',
    peers: { checkov: ['CKV_AWS_274'], trivy: [] },
    title: 'No AWS-managed admin policy (AdministratorAccess, PowerUserAccess, IAMFullAccess, SystemAdministrator)',
    appliesTo: MANAGED_POLICY_ATTACHMENT_TYPES,
    check: (model) =>
      managedPolicyAttachments(model).map((attachment) => {
        const admin = adminPolicyProblem(attachment.policyArn, model);
        const problem = admin && `${label(attachment.resource)} attaches ${admin}`;
        return finding('iam-no-admin-managed-policy', attachment.resource, problem);
      }),
  },
  perAllowStatement({
    id: 'iam-no-escalation-wildcard',
    severity: 'critical',
    peers: { checkov: ['CKV_AWS_286'], trivy: [] },
    title:
      'Identity policies grant no privilege-escalation action through a wildcard action (iam:Pass*, kms:Create*) or on every resource (`*`)',
    problem: (statement) => {
      const escalates = (action: string) =>
        PRIVILEGE_ESCALATION_ACTIONS.some((escalation) => actionMatches(action, escalation));
      const wild = statement.actions.filter((action) => /[*?]/.test(action) && escalates(action));
      if (wild.length) return `allows ${wild.join(', ')}, which covers privilege-escalation actions`;
      // Named, but on every resource: iam:PassRole on "*" passes any role, lambda:UpdateFunctionCode changes any code.
      const onEverything = statement.resources.includes('*') ? statement.actions.filter(escalates) : [];
      return onEverything.length
        ? `allows ${onEverything.join(', ')} on Resource "*": a privilege-escalation action on every resource`
        : undefined;
    },
  }),
  perAllowStatement({
    id: 'iam-no-wildcard-in-arn',
    severity: 'critical',
    peers: { checkov: [], trivy: ['AWS-0057'] },
    title: 'Identity policies name secrets, keys, roles, DB users and functions: no `secret:*`, `key/*`, `dbuser:*/*`',
    problem: (statement) => {
      const wild = statement.resources.filter(isWildcardArn);
      return wild.length ? `grants ${wild.join(', ')}, a wildcard in place of a name or account` : undefined;
    },
  }),
];

/** Managed policies that amount to administering the account (or its IAM, which is the same). */
const ADMIN_MANAGED_POLICY =
  /^arn:aws[\w-]*:iam::aws:policy\/(?:AdministratorAccess[\w-]*|PowerUserAccess|IAMFullAccess|job-function\/(?:SystemAdministrator|NetworkAdministrator|DatabaseAdministrator))$/;

/**
 * Why an attached policy may be an admin policy: a managed admin ARN, or an ARN known only at apply
 * (`${var.policy_arn}`, `${data.aws_iam_policy.x.arn}`), which could be one. A customer-managed policy of this stack
 * is fine here: its document is checked like every identity policy.
 */
function adminPolicyProblem(policyArn: string, model: ReviewModel): string | undefined {
  if (ADMIN_MANAGED_POLICY.test(policyArn)) return policyArn;
  if (!isExpression(policyArn) || referencedResources(model, policyArn, 'aws_iam_policy').length) return undefined;
  return `${policyArn}, a policy known only at apply (it could be AdministratorAccess)`;
}

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
