import type { Rule } from '../rule';
import { proxyAuthSecretInStack } from './proxy-auth-secret-in-stack';
import { proxyPoolWithinLimits } from './proxy-pool-within-limits';
import { proxyRequiresTls } from './proxy-requires-tls';
import { proxyRoleReadsOnlyItsSecrets } from './proxy-role-reads-only-its-secrets';

/** RDS Proxy in front of the database: TLS from clients, its credentials, its pool, its role. */
export const rdsProxyRules: Rule[] = [
  proxyRequiresTls,
  proxyAuthSecretInStack,
  proxyPoolWithinLimits,
  proxyRoleReadsOnlyItsSecrets,
];
