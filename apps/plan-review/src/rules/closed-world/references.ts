import { isDeepStrictEqual } from 'node:util';
import { type ReviewConfig, isTrustedAccount } from '../../config/review-config';
import type { ConfigurationBlock, Resource, ReviewModel } from '../../model/types';
import { flatten } from '../../model/values';

/**
 * A closed world of references: every account id, organization id, ARN, resource id, endpoint service, host name,
 * URL and e-mail address written anywhere in the configuration (resources, providers and their endpoint overrides,
 * the backend, outputs, data sources) either comes from the stack itself (a Terraform reference, a name or id of
 * something the stack creates, the stack's own account) or is on the reviewed allow-list (`review-config.json`,
 * `references`, under CODEOWNERS). Anything else fails, naming what it is and where. One invariant covers identity
 * (a foreign account or organization), network (a subnet, an endpoint to another account's service), code (a layer
 * or image of another account), logging and state (a foreign bucket or destination) and SDK endpoint overrides.
 */

export type ReferenceKind = 'account' | 'organization' | 'ARN' | 'resource id' | 'endpoint service' | 'host' | 'e-mail';

export interface ForeignReference {
  readonly kind: ReferenceKind;
  readonly value: string;
  /** The attribute path it was written at. */
  readonly path: string;
}

/** Where a Terraform reference stood; an ARN whose resource part holds one names what the reference names. */
const REFERENCE = '\u27e8ref\u27e9';

const PATTERNS: readonly { kind: ReferenceKind; pattern: RegExp }[] = [
  // arn:partition:service:region:account:resource (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html)
  { kind: 'ARN', pattern: /arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(?:\d{12}|aws)?:[^\s"',\]}]+/g },
  {
    kind: 'endpoint service',
    pattern: /\bcom\.amazonaws\.vpce\.[a-z0-9-]+\.vpce-svc-[0-9a-f]+\b|\bvpce-svc-[0-9a-f]{8,17}\b/g,
  },
  {
    kind: 'resource id',
    pattern:
      /\b(?:subnet|sg|vpc|rtb|vpce|igw|nat|eni|pl|tgw|tgw-attach|pcx|vgw|eigw|ami|snap|vol|lt|acl)-[0-9a-f]{8,17}\b/g,
  },
  { kind: 'organization', pattern: /\b(?:o-[a-z0-9]{10,32}|ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})\b/g },
  { kind: 'e-mail', pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g },
  { kind: 'host', pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^/\s"'?#:\\]+/gi },
  // Twelve digits standing alone: not a run inside a longer token (an asset hash `…1B2FAE834729183746CB…`).
  { kind: 'account', pattern: /(?<![\w.:-])\d{12}(?!\w)/g },
];

/** Hosts and service names of AWS itself: `*.amazonaws.com` (regional endpoints, service principals) and kin. */
const AWS_HOST = /(^|\.)(amazonaws\.com|amazonaws\.com\.cn|api\.aws|aws\.dev)$/i;

/** A whole string that is a host name with at least two dots (`db.internal.example.com`). */
const BARE_HOST = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.){2,}[a-z]{2,}$/i;

/** `${…}` expressions (brace-balanced, strings respected) replaced by a marker: what they refer to is the stack's. */
export function withoutExpressions(text: string): string {
  let result = '';
  let index = 0;
  while (index < text.length) {
    const start = text.indexOf('${', index);
    if (start < 0) return result + text.slice(index);
    result += text.slice(index, start) + REFERENCE;
    // The string literals inside the expression are still read (`${"arn:aws:iam::999999999999:root"}`,
    // `format("…", "999999999999")`), each followed by a reference marker: what is concatenated to it may be the stack's.
    const literals: string[] = [];
    let literal = '';
    let depth = 0;
    let inString = false;
    let end = start + 1;
    for (; end < text.length; end += 1) {
      const char = text[end];
      if (inString) {
        if (char === '\\') {
          end += 1;
          literal += text[end] ?? '';
        } else if (char === '"') {
          inString = false;
          literals.push(withoutExpressions(literal) + REFERENCE);
          literal = '';
        } else literal += char;
      } else if (char === '"') inString = true;
      else if (char === '{') depth += 1;
      else if (char === '}' && --depth === 0) break;
    }
    if (literals.length > 0) result += ` ${literals.join(' ')} `;
    index = end + 1;
  }
  return result;
}

/** Attributes that hold a host name on its own (an endpoint override, a DB host in an environment variable). */
const HOST_KEY = /(host|endpoint|url|uri|domain|server|dns|address)[^.]*$/i;

/**
 * Every reference-shaped literal in one attribute value (strings only; JSON policies are scanned as text). `path`
 * is where the value sits: a bare host name (no scheme) counts only where the attribute is about hosts, so an instance
 * class (`db.t4g.micro`) or a file name is not taken for one.
 */
export function referencesInText(text: string, path = ''): { kind: ReferenceKind; value: string }[] {
  const literal = withoutExpressions(text);
  const found: { kind: ReferenceKind; value: string }[] = [];
  let rest = literal;
  for (const { kind, pattern } of PATTERNS) {
    for (const match of rest.matchAll(pattern)) {
      const value = kind === 'host' ? match[0].replace(/^[a-z][a-z0-9+.-]*:\/\//i, '') : match[0];
      found.push({ kind, value });
    }
    // What one pattern took is not read again by the next (an ARN's account, an e-mail's domain).
    rest = rest.replace(pattern, ' ');
  }
  if (HOST_KEY.test(path)) {
    // Each literal piece on its own: a host quoted inside an expression (`${"db.example.com"}`) is still a host.
    for (const piece of literal.split(new RegExp(`${REFERENCE}|\\s+`)).filter(Boolean)) {
      if (BARE_HOST.test(piece)) found.push({ kind: 'host', value: piece });
    }
  }
  return found;
}

/** What the stack itself creates or is: the names, ids and ARNs a literal may repeat without leaving the stack. */
export interface StackWorld {
  readonly accounts: (account: string) => boolean;
  readonly names: ReadonlySet<string>;
  /**
   * Ids AWS gave the stack's own parts (`id`, `network_interface_ids`, a VPC's default security group): a literal
   * resource id (`subnet-…`) belongs only if it is one of these, never because some resource is *named* like it.
   */
  readonly ids: ReadonlySet<string>;
  /** Every ARN of the stack's own accounts belongs (the backend's state bucket and key, of the state stack). */
  readonly ownAccountArns?: boolean;
}

/**
 * Attributes that name the resource itself (its id, ARN, name, and what AWS creates for it), at the top level of its
 * values or as a list of them (`network_interface_ids.0`). Only these vouch for a name: an attribute that points at
 * something else (`subnet_id`, `kms_key_id`, `role`) would otherwise vouch for whatever literal it holds.
 */
const IDENTITY_KEYS = new Set([
  'id',
  'arn',
  'name',
  'identifier',
  'function_name',
  'alarm_name',
  'invoke_arn',
  'qualified_arn',
  'qualified_invoke_arn',
  'execution_arn',
  'key_id',
  'resource_id',
  'unique_id',
  'network_interface_ids',
]);

/** Computed attributes AWS creates with the resource, by type: they name parts the stack owns. */
const OWNED_BY_TYPE: Readonly<Record<string, readonly string[]>> = {
  aws_s3_bucket: ['bucket'],
  // A VPC comes with a default security group, network ACL and route table
  // (https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html).
  aws_vpc: ['default_security_group_id', 'default_network_acl_id', 'default_route_table_id', 'main_route_table_id'],
  // RDS creates the master user secret when it manages the password
  // (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html).
  aws_db_instance: ['master_user_secret.0.secret_arn'],
};

function isIdentityPath(type: string, path: string): boolean {
  const owned = OWNED_BY_TYPE[type] ?? [];
  const withoutIndex = path.replace(/\.\d+$/, '');
  return IDENTITY_KEYS.has(withoutIndex) || owned.includes(path) || owned.includes(withoutIndex);
}

export function stackWorld(model: ReviewModel, config: ReviewConfig): StackWorld {
  const names = new Set<string>();
  const ids = new Set<string>();
  for (const resource of model.resources) {
    for (const values of [resource.values, resource.before ?? {}]) {
      for (const [path, value] of flatten(values)) {
        if (typeof value !== 'string' || value.includes('${') || value.length < 3) continue;
        if (!isIdentityPath(resource.type, path)) continue;
        names.add(value);
        const attribute = path.replace(/\.\d+$/, '');
        if (
          attribute === 'id' ||
          attribute === 'network_interface_ids' ||
          OWNED_BY_TYPE[resource.type]?.includes(path)
        ) {
          ids.add(value);
        }
        // The id at the end of an ARN the stack owns (`prx-…` of `…:db-proxy:prx-…`) names it inside other ARNs.
        const lastPart = value.startsWith('arn:') ? value.split(/[:/]/).pop() : undefined;
        if (lastPart && lastPart.length >= 3 && !lastPart.includes('*')) names.add(lastPart);
      }
    }
  }
  return { accounts: (account) => isTrustedAccount(account, model, config), names, ids };
}

function globMatches(pattern: string, value: string): boolean {
  const expression = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${expression}$`, 'i').test(value);
}

function allowListed(value: string, config: ReviewConfig): boolean {
  return Object.keys(config.references ?? {}).some((pattern) => globMatches(pattern, value));
}

/** Whether an ARN names something of the stack: AWS's own, or the stack's account naming what the stack creates. */
function arnBelongs(arn: string, world: StackWorld): boolean {
  const [, , , , account, ...resourceParts] = arn.split(':');
  const resource = resourceParts.join(':');
  if (account === 'aws') return true;
  if (account !== '' && !world.accounts(account)) return false;
  if (world.ownAccountArns && account !== '') return true;
  // `root`, a pattern (`network-interface/*`) or a reference (`subnet/${…}`) names nothing outside the stack.
  if (resource === 'root' || resource.includes('*') || resource.includes(REFERENCE)) return true;
  for (const name of world.names) {
    if (resource === name || resource.endsWith(`/${name}`) || resource.endsWith(`:${name}`)) return true;
    // Something inside what the stack creates: `…:function:api/invocations` of a function ARN, `dbuser:prx-…/user`
    // of a proxy whose ARN ends in `db-proxy:prx-…`.
    if (arn.startsWith(`${name}/`) || arn.startsWith(`${name}:`) || resource.includes(`:${name}/`)) return true;
    if (
      arn === name ||
      resource.startsWith(`${name}/`) ||
      resource.includes(`:${name}:`) ||
      resource.includes(`/${name}:`)
    ) {
      return true;
    }
  }
  return false;
}

function belongs(reference: { kind: ReferenceKind; value: string }, world: StackWorld): boolean {
  const { kind, value } = reference;
  switch (kind) {
    case 'account':
      return world.accounts(value);
    case 'ARN':
      return arnBelongs(value, world);
    case 'resource id':
      return world.ids.has(value);
    case 'host':
      // An AWS endpoint (not one carrying an account, like an ECR registry), or a bucket the stack creates (s3://).
      return (AWS_HOST.test(value) && !/(^|\.)\d{12}\./.test(value)) || world.names.has(value);
    default:
      return false;
  }
}

/** The references of one resource or block that neither the stack nor the allow-list accounts for. */
export function foreignReferences(
  values: Record<string, unknown>,
  world: StackWorld,
  config: ReviewConfig,
): ForeignReference[] {
  const foreign: ForeignReference[] = [];
  for (const [path, value] of flatten(values)) {
    if (typeof value !== 'string') continue;
    for (const reference of referencesInText(value, path)) {
      if (belongs(reference, world) || allowListed(reference.value, config)) continue;
      if (!foreign.some((known) => known.value === reference.value)) foreign.push({ ...reference, path });
    }
  }
  return foreign;
}

export const describeReferences = (found: readonly ForeignReference[]) =>
  found
    .slice(0, 3)
    .map((reference) => `${reference.kind} ${reference.value} (at ${reference.path})`)
    .join('; ') + (found.length > 3 ? `; and ${found.length - 3} more` : '');

/**
 * What a change writes: everything of a created resource or a block; of a resource already deployed (a plan with its
 * state), only the attributes whose value differs from the state. The review gates changes: what AWS computed for a
 * deployed resource (`invoke_arn`, `network_interface_ids`, the RDS-managed secret) was not written by the change,
 * and an attribute that stays as deployed introduces nothing.
 */
export function changedValues(subject: Resource | ConfigurationBlock): Record<string, unknown> {
  const values = { ...subject.values, ...('configured' in subject ? subject.configured : {}) };
  const before = 'before' in subject ? subject.before : undefined;
  if (!before) return values;
  return Object.fromEntries(
    Object.entries(values).filter(
      ([key, value]) => !isDeepStrictEqual(subject.values[key], before[key]) || !isDeepStrictEqual(value, before[key]),
    ),
  );
}
