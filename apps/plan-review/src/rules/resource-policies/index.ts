import type { Rule } from '../rule';
import { resourcePolicyNoForeignAccount } from './resource-policy-no-foreign-account';
import { resourcePolicyNoPublicPrincipal } from './resource-policy-no-public-principal';
import { trustFederatedSubject } from './trust-federated-subject';
import { trustServiceConfusedDeputy } from './trust-service-confused-deputy';

export { SERVICES_WITHOUT_SOURCE_KEYS } from './statements';

/** Resource-based policies and role trusts: who, outside the stack's own roles, may use a resource or a role. */
export const resourcePolicyRules: Rule[] = [
  resourcePolicyNoPublicPrincipal,
  resourcePolicyNoForeignAccount,
  trustServiceConfusedDeputy,
  trustFederatedSubject,
];
