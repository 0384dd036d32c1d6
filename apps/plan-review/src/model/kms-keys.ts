import { blocksOf } from './blocks';
import type { ReviewModel } from './types';
import { isSet } from './values';

/**
 * `alias/aws/<service>` names a key AWS creates and manages for a service: its policy cannot be narrowed, it cannot
 * be disabled or rotated on our schedule, and every principal of the account that may use the service may use it
 * (https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key). As a name or inside an ARN.
 */
const AWS_MANAGED_ALIAS = /(?:^|:)(alias\/aws\/[\w/-]*)$/;

/** `${data.aws_kms_alias.rds.target_key_arn}`, `${data.aws_kms_key.rds.arn}`: a key looked up by a data source. */
const KEY_DATA_REFERENCE = /^\$\{data\.(aws_kms_alias|aws_kms_key)\.([A-Za-z0-9_-]+)\.[a-z_]+\}$/;

/** What the model knows of the stack's data sources (a plan or a synth); none when absent. */
type KeyLookup = Pick<ReviewModel, 'blocks'>;

/**
 * The `alias/aws/...` name when the value names an AWS-managed key, else undefined. With the model, a reference to
 * a `data "aws_kms_alias"` (by `name`) or `data "aws_kms_key"` (by `key_id`) is followed to the key it looks up.
 */
export function awsManagedKeyAlias(value: unknown, model?: KeyLookup, depth = 0): string | undefined {
  if (typeof value !== 'string') return undefined;
  const direct = AWS_MANAGED_ALIAS.exec(value)?.[1];
  if (direct || !model || depth > 3) return direct;
  const [, type, name] = KEY_DATA_REFERENCE.exec(value.trim()) ?? [];
  if (!type) return resolvedDataKeyAlias(value, model);
  const source = blocksOf(model as ReviewModel, 'data').find((block) => block.address === `data.${type}.${name}`);
  const lookedUp = source?.values[type === 'aws_kms_alias' ? 'name' : 'key_id'];
  return awsManagedKeyAlias(lookedUp, model, depth + 1);
}

/**
 * A plan resolves a key reference to a data source before the review sees it: the key ARN or id it read. The data
 * source it came from still says which alias it looked up (`name` of `aws_kms_alias`, `key_id` of `aws_kms_key`).
 */
function resolvedDataKeyAlias(value: string, model: KeyLookup): string | undefined {
  for (const source of blocksOf(model as ReviewModel, 'data')) {
    if (source.type !== 'aws_kms_alias' && source.type !== 'aws_kms_key') continue;
    const read = ['arn', 'id', 'key_id', 'target_key_arn', 'target_key_id'].map((key) => source.values[key]);
    const alias = awsManagedKeyAlias(source.values[source.type === 'aws_kms_alias' ? 'name' : 'key_id']);
    if (alias && read.includes(value)) return alias;
  }
  return undefined;
}

/** True when a key attribute is set and does not name an AWS-managed key (an unset key means the AWS-managed one). */
export function isCustomerManagedKey(value: unknown, model?: KeyLookup): boolean {
  return isSet(value) && awsManagedKeyAlias(value, model) === undefined;
}

/** Why `attribute` does not name a customer-managed key, or undefined when it does. */
export function customerManagedKeyProblem(value: unknown, attribute: string, model?: KeyLookup): string | undefined {
  if (!isSet(value)) return `${attribute} unset`;
  const alias = awsManagedKeyAlias(value, model);
  return alias ? `${attribute} is the AWS-managed key ${alias}` : undefined;
}
