import { liveResources } from './lookup';
import { parsePolicyDocument, type PolicyDocument, type PolicyStatement, type Principal } from './policies';
import type { Resource, ReviewModel } from './types';
import { isExpression, isSet } from './values';

/**
 * Resource-based policies: who may act on a resource (or assume a role), as opposed to identity policies (what a
 * role may do). Each entry is one document attribute of one resource; a document the review cannot read keeps its
 * `problem`, so the rules fail on it.
 */
export interface ResourcePolicy extends PolicyDocument {
  readonly resource: Resource;
  /** The attribute the document came from: `assume_role_policy`, `policy`. */
  readonly attribute: string;
  /** A role trust policy (the principals may become the role). */
  readonly trust: boolean;
}

/** Resource types and the attribute holding their resource-based policy. */
export const RESOURCE_POLICY_ATTRIBUTES: Readonly<Record<string, string>> = {
  aws_iam_role: 'assume_role_policy',
  aws_kms_key: 'policy',
  aws_kms_key_policy: 'policy',
  aws_secretsmanager_secret: 'policy',
  aws_secretsmanager_secret_policy: 'policy',
  aws_sns_topic: 'policy',
  aws_sns_topic_policy: 'policy',
  aws_sqs_queue: 'policy',
  aws_sqs_queue_policy: 'policy',
  aws_s3_bucket: 'policy',
  aws_s3_bucket_policy: 'policy',
  aws_ecr_repository_policy: 'policy',
  aws_api_gateway_rest_api: 'policy',
  aws_api_gateway_rest_api_policy: 'policy',
  aws_vpc_endpoint: 'policy',
  aws_vpc_endpoint_policy: 'policy',
  aws_ecr_registry_policy: 'policy',
  aws_efs_file_system_policy: 'policy',
  aws_backup_vault_policy: 'policy',
  aws_cloudwatch_log_resource_policy: 'policy_document',
  aws_opensearch_domain_policy: 'access_policies',
  aws_glacier_vault: 'access_policy',
  aws_dynamodb_resource_policy: 'policy',
};

export const RESOURCE_POLICY_TYPES = Object.keys(RESOURCE_POLICY_ATTRIBUTES);

/** Every resource-based policy in the stack. An optional attribute that is not set is no policy (AWS's default). */
export function resourcePolicies(model: ReviewModel): ResourcePolicy[] {
  return liveResources(model, ...RESOURCE_POLICY_TYPES).flatMap((resource) => {
    const attribute = RESOURCE_POLICY_ATTRIBUTES[resource.type];
    const document = resource.values[attribute];
    if (!isSet(document)) return [];
    return [{ resource, attribute, trust: resource.type === 'aws_iam_role', ...parsePolicyDocument(document) }];
  });
}

/**
 * Condition keys that narrow a `*` principal to this organisation, account, source or network
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
 */
export const NARROWING_CONDITION_KEYS = [
  'aws:SourceArn',
  'aws:SourceAccount',
  'aws:SourceOwner',
  'aws:SourceOrgID',
  'aws:SourceOrgPaths',
  'aws:PrincipalArn',
  'aws:PrincipalAccount',
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:SourceVpc',
  'aws:SourceVpce',
  'kms:CallerAccount',
];

/**
 * True when a condition key from `keys` is tested with concrete values: none only wildcards, no ARN with a wildcard
 * account (`arn:aws:sns:*:*:*`), no wildcard at all in an AWS key's other values under a `...Like` operator
 * (`aws:PrincipalOrgID` like `o-*` is every organisation), and not under an `...IfExists`, `Null`, `ForAllValues:` or
 * negated operator (each lets requests without the key, or from everyone else, through).
 */
export function hasConcreteCondition(statement: PolicyStatement, keys: readonly string[]): boolean {
  return Object.entries(statement.conditions).some(
    ([operator, tested]) =>
      !/IfExists$|^Null$|Not|^ForAllValues:/i.test(operator) &&
      Object.entries(tested).some(
        ([key, value]) =>
          keys.some((wanted) => wanted.toLowerCase() === key.toLowerCase()) &&
          [value].flat().length > 0 &&
          [value].flat().every((item) => isConcreteValue(item) && !isLikeWildcard(operator, key, item)),
      ),
  );
}

/**
 * A `*` or `?` in a value that a `StringLike`/`ArnLike` operator matches as a pattern, for the AWS global and service
 * keys (`aws:`, `kms:`, `sts:`): `o-*` matches every organisation, `1234*` many accounts. ARNs keep their own test
 * (a concrete account, the rest may be a pattern: `arn:aws:events:...:123456789012:rule/app-*`); an organisation path
 * may end in a pattern once its organisation is named (`o-a1b2c3/r-ab12/*`). An identity provider's own keys
 * (`token.actions.githubusercontent.com:sub`) are matched by trust-federated-subject, which names the owner.
 */
function isLikeWildcard(operator: string, key: string, value: unknown): boolean {
  if (!/Like$/i.test(operator) || !/^(aws|kms|sts):/i.test(key) || typeof value !== 'string') return false;
  if (value.startsWith('arn:') || !/[*?]/.test(value)) return false;
  if (/OrgPaths$/i.test(key)) return !/^o-[a-z0-9]+\//i.test(value);
  return true;
}

function isConcreteValue(value: unknown): boolean {
  if (typeof value !== 'string' || value === '' || /^[*?]+$/.test(value)) return false;
  if (!value.startsWith('arn:')) return true;
  const [, , , , account = '', ...resource] = value.split(':');
  // S3 ARNs have no account; then the bucket must be named.
  return account === '' ? !/^[*?]*$/.test(resource.join(':')) : !/[*?]/.test(account);
}

/** `*`, `{"AWS": "*"}`, `arn:aws:iam::*:root` and any other wildcard in an AWS principal: everyone. */
export function isEveryone(principal: Principal): boolean {
  return principal.type === 'AWS' && principal.value.includes('*');
}

const ACCOUNT_IN_PRINCIPAL = /^(?:arn:aws[\w-]*:(?:iam|sts)::)?(\d{12})(?::|$)/;

/** The account an AWS principal belongs to, when the policy names it literally (`123456789012`, `arn:...:123:root`). */
export function accountOf(principal: Principal): string | undefined {
  if (principal.type !== 'AWS' || isExpression(principal.value)) return undefined;
  return ACCOUNT_IN_PRINCIPAL.exec(principal.value)?.[1];
}

const ACCOUNT_CONDITION_KEYS = [
  'aws:SourceAccount',
  'aws:SourceOwner',
  'aws:PrincipalAccount',
  'kms:CallerAccount',
  'aws:SourceArn',
  'aws:PrincipalArn',
];

/** Accounts a statement's conditions name literally (`aws:SourceAccount`, the account field of `aws:SourceArn`). */
export function conditionAccounts(statement: PolicyStatement): string[] {
  return Object.values(statement.conditions).flatMap((tested) =>
    Object.entries(tested)
      .filter(([key]) => ACCOUNT_CONDITION_KEYS.some((wanted) => wanted.toLowerCase() === key.toLowerCase()))
      .flatMap(([, value]) => [value].flat().map(String))
      .map((value) => (value.startsWith('arn:') ? value.split(':')[4] : value))
      .filter((account): account is string => /^\d{12}$/.test(account ?? '')),
  );
}

/**
 * `${aws_iam_role.x.arn}`, `${data.aws_caller_identity.current.account_id}`: the ARN, id or account of a resource
 * of this stack, or this stack's own account. A value (`${aws_ssm_parameter.x.value}`) could hold anything.
 */
const KNOWN_PRINCIPAL_REFERENCE =
  /\$\{(?:aws_[a-z0-9_]+\.[\w-]+\.(?:arn|[a-z_]+_arn|id|unique_id)|data\.aws_caller_identity\.[\w-]+\.account_id)\}/g;

/** A principal set by an expression other than a known reference (`${var.principal}`): it could be `*`. */
export function isUnknownPrincipal(value: string): boolean {
  return isExpression(value.replace(KNOWN_PRINCIPAL_REFERENCE, ''));
}
