import reviewConfig from '../../review-config.json';

/**
 * The review's own settings, in `apps/plan-review/review-config.json`: a reviewed file, not part of the stack, so a
 * change under review cannot widen what the review accepts without that file changing too.
 *
 * `accounts`: the AWS accounts a resource-based policy may name as principals without an `sts:ExternalId`, each with
 * why it is trusted. An offline plan does not say which account it deploys to (the provider skips the account
 * lookup), so the stack's own account is listed here like any other.
 */
export interface ReviewConfig {
  readonly accounts: Readonly<Record<string, string>>;
}

export const REVIEW_CONFIG: ReviewConfig = { accounts: reviewConfig.accounts };

export function isTrustedAccount(account: string, config: ReviewConfig = REVIEW_CONFIG): boolean {
  return Object.hasOwn(config.accounts, account);
}
