import { isTrustedAccount, type ReviewConfig } from '../../config/review-config';
import { isUnknownPrincipal } from '../../model/resource-policies';
import type { ReviewModel } from '../../model/types';

export const FOREIGN = "neither the stack's own nor in apps/plan-review/review-config.json";

/** The account of a principal written as an account id or an IAM ARN (`arn:aws:iam::123456789012:role/x`). */
function accountOf(principal: string): string | undefined {
  return /^(?:arn:aws[\w-]*:(?:iam|sts)::)?(\d{12})(?::|$)/.exec(principal)?.[1];
}

/** Why a principal is not one the stack may share with: everyone, a foreign account, one known only at apply. */
export function principalProblem(principal: string, model: ReviewModel, config: ReviewConfig): string | undefined {
  if (principal === '' || principal.includes('*')) return 'everyone';
  if (isUnknownPrincipal(principal)) return `${principal}, known only at apply (it could be anyone)`;
  const account = accountOf(principal);
  return account && !isTrustedAccount(account, model, config) ? `the account ${account}, ${FOREIGN}` : undefined;
}
