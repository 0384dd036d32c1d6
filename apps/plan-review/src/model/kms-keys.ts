import { isSet } from './values';

/**
 * `alias/aws/<service>` names a key AWS creates and manages for a service: its policy cannot be narrowed, it cannot
 * be disabled or rotated on our schedule, and every principal of the account that may use the service may use it
 * (https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key). As a name or inside an ARN.
 */
const AWS_MANAGED_ALIAS = /(?:^|:)(alias\/aws\/[\w/-]*)$/;

/** The `alias/aws/...` name when the value names an AWS-managed key, else undefined. */
export function awsManagedKeyAlias(value: unknown): string | undefined {
  return typeof value === 'string' ? AWS_MANAGED_ALIAS.exec(value)?.[1] : undefined;
}

/** True when a key attribute is set and does not name an AWS-managed key (an unset key means the AWS-managed one). */
export function isCustomerManagedKey(value: unknown): boolean {
  return isSet(value) && awsManagedKeyAlias(value) === undefined;
}

/** Why `attribute` does not name a customer-managed key, or undefined when it does. */
export function customerManagedKeyProblem(value: unknown, attribute: string): string | undefined {
  if (!isSet(value)) return `${attribute} unset`;
  const alias = awsManagedKeyAlias(value);
  return alias ? `${attribute} is the AWS-managed key ${alias}` : undefined;
}
