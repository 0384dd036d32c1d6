import { label, referencedResources } from '../model/lookup';
import { actionMatches, identityPolicies, managedPolicyAttachments } from '../model/policies';
import type { Resource, ReviewModel } from '../model/types';
import { blocksAt, describeBoolean, isExpression, readBoolean, referencesIn } from '../model/values';
import { perResource, type Rule } from './rule';

const PROXY = ['aws_db_proxy'];

export const rdsProxyRules: Rule[] = [
  perResource({
    id: 'proxy-requires-tls',
    severity: 'high',
    peers: { checkov: [], trivy: [] },
    title: 'RDS Proxy requires TLS from clients',
    appliesTo: PROXY,
    problem: (proxy) =>
      readBoolean(proxy.values['require_tls']) === true
        ? undefined
        : `${label(proxy)} has ${describeBoolean('require_tls', proxy.values['require_tls'])}`,
  }),
  perResource({
    id: 'proxy-auth-secret-in-stack',
    severity: 'high',
    peers: { checkov: [], trivy: [] },
    title: 'RDS Proxy authenticates with a secret managed in this stack',
    appliesTo: PROXY,
    problem: (proxy, model) => {
      const auths = blocksAt(proxy.values, 'auth');
      if (auths.length === 0) return `${label(proxy)} has no auth block`;
      const foreign = auths.filter(
        (auth) =>
          referencedResources(model, auth['secret_arn'], 'aws_secretsmanager_secret', 'aws_db_instance').length === 0,
      );
      return foreign.length
        ? `${label(proxy)} authenticates with a secret not managed here: ${foreign
            .map((auth) => String(auth['secret_arn'] ?? 'none'))
            .join(', ')}`
        : undefined;
    },
  }),
  perResource({
    id: 'proxy-pool-within-limits',
    severity: 'high',
    peers: { checkov: [], trivy: [] },
    title: 'RDS Proxy pool percentages are at most 100 and idle <= max',
    appliesTo: ['aws_db_proxy_default_target_group'],
    problem: (group) => {
      const [pool] = blocksAt(group.values, 'connection_pool_config');
      const max = Number(pool?.['max_connections_percent'] ?? 100);
      const idle = Number(pool?.['max_idle_connections_percent'] ?? 50);
      if (max > 100 || max < 1) return `${label(group)} has max_connections_percent=${max}`;
      return idle > max
        ? `${label(group)} has max_idle_connections_percent=${idle} above max_connections_percent=${max}`
        : undefined;
    },
  }),
  perResource({
    id: 'proxy-role-reads-only-its-secrets',
    severity: 'high',
    peers: { checkov: [], trivy: [] },
    title: 'The proxy role reads only the secrets the proxy authenticates with',
    appliesTo: PROXY,
    problem: (proxy, model) => {
      const roles = referencedResources(model, proxy.values['role_arn'], 'aws_iam_role');
      if (roles.length === 0)
        return `${label(proxy)} uses a role that is not in this stack (${String(proxy.values['role_arn'])})`;
      return roles.map((role) => excessSecretAccess(model, role, authSecrets(proxy))).find(Boolean);
    },
  }),
];

/** What the proxy's auth blocks point at: addresses when referenced, literal ARNs otherwise. */
function authSecrets(proxy: Resource): Set<string> {
  return new Set(blocksAt(proxy.values, 'auth').flatMap((auth) => secretTargets(auth['secret_arn'])));
}

function secretTargets(value: unknown): string[] {
  return isExpression(value) ? referencesIn(value) : [String(value)];
}

const SECRET_READS = ['secretsmanager:GetSecretValue'];

function excessSecretAccess(model: ReviewModel, role: Resource, allowed: Set<string>): string | undefined {
  const managed = managedPolicyAttachments(model).filter((attachment) => attachment.roles.includes(role.address));
  if (managed.length)
    return `${label(role)} has managed policies attached (${managed.map((m) => m.policyArn).join(', ')})`;
  for (const policy of identityPolicies(model).filter((candidate) => candidate.roles.includes(role.address))) {
    if (policy.problem) return `${label(policy.resource)}: ${policy.problem}`;
    for (const statement of policy.statements) {
      const readsSecrets =
        statement.effect === 'Allow' &&
        statement.actions.some((action) => SECRET_READS.some((read) => actionMatches(action, read)));
      const extra = readsSecrets
        ? statement.resources.flatMap(secretTargets).filter((target) => !allowed.has(target))
        : [];
      if (extra.length)
        return `${label(policy.resource)} lets the proxy read ${extra.join(', ')}, which it does not authenticate with`;
    }
  }
  return undefined;
}
