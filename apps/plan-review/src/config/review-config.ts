import reviewConfig from '../../review-config.json';
import type { ReviewModel } from '../model/types';

/**
 * The review's own settings, in `apps/plan-review/review-config.json`: a reviewed file, not part of the stack, so a
 * change under review cannot widen what the review accepts without that file changing too.
 *
 * `accounts`: the AWS accounts other than the stack's own that a resource-based policy may name as principals
 * without an `sts:ExternalId`, each with why it is trusted. The stack's own accounts come from the stack itself
 * (`ReviewModel.accountIds`, its providers' `allowed_account_ids`), so they need no listing here.
 */
export interface ReviewConfig {
  readonly accounts: Readonly<Record<string, string>>;
  /**
   * `references`: values from outside the stack that its configuration may name (rule references-closed-world), each
   * with why: an exact value or a pattern with `*` (an ARN, a host, an e-mail address, an endpoint service).
   */
  readonly references?: Readonly<Record<string, string>>;
}

export const REVIEW_CONFIG: ReviewConfig = { accounts: reviewConfig.accounts, references: reviewConfig.references };

/** The stack's own account, or one listed in the reviewed config. */
export function isTrustedAccount(
  account: string,
  model: Pick<ReviewModel, 'accountIds'>,
  config: ReviewConfig,
): boolean {
  return model.accountIds.includes(account) || Object.hasOwn(config.accounts, account);
}
