import { liveResources, referencedResources } from './lookup';
import type { Resource, ReviewModel } from './types';
import { asList, blocksAt, isObject } from './values';

export interface PolicyStatement {
  readonly effect: string;
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  /** `AWS:*`, `Service:lambda.amazonaws.com`: `Principal: "*"` reads as `AWS:*` (it means everyone, signed or not). */
  readonly principals: readonly Principal[];
  readonly notPrincipals: readonly Principal[];
  /** `{ StringEquals: { 'aws:SourceAccount': '...' } }`, as written. */
  readonly conditions: Record<string, Record<string, unknown>>;
}

export interface Principal {
  /** `AWS`, `Service`, `Federated` or `CanonicalUser`. */
  readonly type: string;
  readonly value: string;
}

/** A policy document, parsed; `problem` says why it could not be read (then it has no statements). */
export interface PolicyDocument {
  readonly statements: readonly PolicyStatement[];
  readonly problem: string | undefined;
}

/** An identity policy (what a role may do), parsed; `problem` says why it could not be read. */
export interface IdentityPolicy {
  readonly resource: Resource;
  /** Addresses of the roles it is attached to. */
  readonly roles: readonly string[];
  readonly statements: readonly PolicyStatement[];
  readonly problem: string | undefined;
}

export interface ManagedPolicyAttachment {
  readonly resource: Resource;
  readonly roles: readonly string[];
  readonly policyArn: string;
}

/**
 * Identity policies only: role/user/group inline policies and customer-managed policies. Resource policies
 * (KMS key policies, bucket policies) are out of scope: there `Resource: "*"` means "this resource".
 */
export function identityPolicies(model: ReviewModel): IdentityPolicy[] {
  const policies: IdentityPolicy[] = [];
  for (const resource of liveResources(model, 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy')) {
    const owner = resource.values['role'] ?? resource.values['user'] ?? resource.values['group'];
    policies.push(parsed(resource, addresses(model, owner), resource.values['policy']));
  }
  for (const resource of liveResources(model, 'aws_iam_policy')) {
    policies.push(parsed(resource, [], resource.values['policy']));
  }
  for (const resource of liveResources(model, 'aws_iam_role')) {
    for (const block of blocksAt(resource.values, 'inline_policy')) {
      policies.push(parsed(resource, [resource.address], block['policy']));
    }
    // A synth's `dynamic "inline_policy"` (or the blocks as one expression) makes policies only apply can see.
    const dynamic = resource.values['dynamic'];
    const hidden = asList(resource.values['inline_policy']).some((block) => !isObject(block));
    if ((isObject(dynamic) && 'inline_policy' in dynamic) || hidden) {
      const problem = 'inline_policy comes from a dynamic block or an expression the review cannot read at plan time';
      policies.push({ resource, roles: [resource.address], statements: [], problem });
    }
  }
  return policies;
}

const SINGLE_ATTACHMENT_TYPES = [
  'aws_iam_role_policy_attachment',
  'aws_iam_user_policy_attachment',
  'aws_iam_group_policy_attachment',
  'aws_iam_policy_attachment',
];

/**
 * `aws_iam_*_policy_attachments_exclusive` attaches every ARN of `policy_arns` (and detaches the rest). Their
 * `aws_iam_*_policies_exclusive` siblings only list inline policy names; the policies themselves are
 * `aws_iam_*_policy` resources, read as identity policies.
 */
const EXCLUSIVE_ATTACHMENT_TYPES = [
  'aws_iam_role_policy_attachments_exclusive',
  'aws_iam_user_policy_attachments_exclusive',
  'aws_iam_group_policy_attachments_exclusive',
];

/** Every resource type that attaches a managed policy (roles themselves attach through `managed_policy_arns`). */
export const MANAGED_POLICY_ATTACHMENT_TYPES = [
  ...SINGLE_ATTACHMENT_TYPES,
  ...EXCLUSIVE_ATTACHMENT_TYPES,
  'aws_iam_role',
];

export function managedPolicyAttachments(model: ReviewModel): ManagedPolicyAttachment[] {
  const attachments: ManagedPolicyAttachment[] = [];
  for (const resource of liveResources(model, ...SINGLE_ATTACHMENT_TYPES)) {
    const owners = [resource.values['role'], ...asList(resource.values['roles'])];
    attachments.push({
      resource,
      roles: addresses(model, owners),
      policyArn: String(resource.values['policy_arn'] ?? ''),
    });
  }
  for (const resource of liveResources(model, ...EXCLUSIVE_ATTACHMENT_TYPES)) {
    const owners = resource.values['role_name'] ?? resource.values['user_name'] ?? resource.values['group_name'];
    for (const arn of asList(resource.values['policy_arns'])) {
      attachments.push({ resource, roles: addresses(model, owners), policyArn: String(arn) });
    }
  }
  for (const resource of liveResources(model, 'aws_iam_role')) {
    for (const arn of asList(resource.values['managed_policy_arns'])) {
      attachments.push({ resource, roles: [resource.address], policyArn: String(arn) });
    }
  }
  return attachments;
}

function addresses(model: ReviewModel, owners: unknown): string[] {
  return referencedResources(model, owners, 'aws_iam_role', 'aws_iam_user', 'aws_iam_group').map(
    (owner) => owner.address,
  );
}

function parsed(resource: Resource, roles: string[], document: unknown): IdentityPolicy {
  return { resource, roles, ...parsePolicyDocument(document) };
}

/**
 * Reads a policy document as IAM will. Anything the review cannot read (invalid JSON, a `${jsonencode(...)}` whose
 * values are unknown until apply, a statement made by an expression) is a problem, so the rules that needed it fail
 * instead of passing.
 */
export function parsePolicyDocument(document: unknown): PolicyDocument {
  // Terraform evaluates `${...}` before the JSON is read; quotes inside them (`secret["0"]`) must not break parsing.
  const text = (typeof document === 'string' ? document : JSON.stringify(document ?? null)).replace(
    /\$\{[^}]*\}/g,
    (interpolation) => interpolation.replace(/"/g, "'"),
  );
  try {
    const json: unknown = JSON.parse(text);
    if (!isObject(json)) throw new Error('not an object');
    const statements = asList(json['Statement']);
    // A statement built by an expression (`${...}`) is known only at apply: nothing about it can be checked.
    if (!statements.every(isObject)) throw new Error('a statement that is not an object');
    return { statements: statements.map(statementOf), problem: undefined };
  } catch {
    const problem = 'the policy is not a JSON document the review can read (build it with JSON.stringify)';
    return { statements: [], problem };
  }
}

function statementOf(statement: Record<string, unknown>): PolicyStatement {
  const strings = (value: unknown): string[] => asList(value).map(String);
  return {
    effect: String(statement['Effect'] ?? ''),
    actions: strings(statement['Action']),
    notActions: strings(statement['NotAction']),
    resources: strings(statement['Resource']),
    notResources: strings(statement['NotResource']),
    principals: principalsOf(statement['Principal']),
    notPrincipals: principalsOf(statement['NotPrincipal']),
    conditions: isObject(statement['Condition'])
      ? (Object.fromEntries(
          Object.entries(statement['Condition']).filter(([, keys]) => isObject(keys)),
        ) as PolicyStatement['conditions'])
      : {},
  };
}

function principalsOf(principal: unknown): Principal[] {
  if (principal === undefined || principal === null) return [];
  if (!isObject(principal)) return asList(principal).map((value) => ({ type: 'AWS', value: String(value) }));
  return Object.entries(principal).flatMap(([type, values]) =>
    asList(values).map((value) => ({ type, value: String(value) })),
  );
}

/** IAM action matching: case-insensitive, `*` and `?` wildcards on either side of the comparison. */
export function actionMatches(pattern: string, action: string): boolean {
  const toRegExp = (glob: string) =>
    new RegExp(
      `^${glob
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
      'i',
    );
  return toRegExp(pattern).test(action) || toRegExp(action).test(pattern);
}
