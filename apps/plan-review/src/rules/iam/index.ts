import type { Rule } from '../rule';
import { iamNoAdminManagedPolicy } from './iam-no-admin-managed-policy';
import { iamNoAdminPolicy } from './iam-no-admin-policy';
import { iamNoBroadManagedPolicy } from './iam-no-broad-managed-policy';
import { iamNoEscalationWildcard } from './iam-no-escalation-wildcard';
import { iamNoWildcardAction } from './iam-no-wildcard-action';
import { iamNoWildcardInArn } from './iam-no-wildcard-in-arn';
import { iamNoWildcardResource } from './iam-no-wildcard-resource';

export { ACTIONS_WITHOUT_RESOURCES, isWildcardArn, PRIVILEGE_ESCALATION_ACTIONS } from './actions';
export { perAllowStatement } from './identity-statements';

/** Identity policies: what the stack's roles may do, inline and through managed policies. */
export const iamRules: Rule[] = [iamNoWildcardAction, iamNoWildcardResource, iamNoBroadManagedPolicy];

/** Identity policies that amount to administering the account, or to granting oneself more. */
export const iamPrivilegeRules: Rule[] = [
  iamNoAdminPolicy,
  iamNoAdminManagedPolicy,
  iamNoEscalationWildcard,
  iamNoWildcardInArn,
];
