import { label, referencedResources } from '../../model/lookup';
import { actionMatches, identityPolicies, managedPolicyAttachments } from '../../model/policies';
import type { Resource, ReviewModel } from '../../model/types';
import { blocksAt, isExpression, referencesIn } from '../../model/values';
import { defineResourceRule } from '../rule';

export const proxyRoleReadsOnlyItsSecrets = defineResourceRule({
  id: 'proxy-role-reads-only-its-secrets',
  severity: 'high',
  peers: { checkov: [], trivy: [] },
  title: 'The proxy role reads only the secrets the proxy authenticates with',
  description:
    'RDS Proxy reads the secrets of its `auth` blocks with the IAM role of `role_arn`, which the RDS service assumes; ' +
    'the role needs `secretsmanager:GetSecretValue` on those secrets (and decrypt on their key), nothing more. A ' +
    'grant on any other secret, or a managed policy attached to the role (its grants are written and changed ' +
    'outside the stack), lets whoever controls the proxy configuration read credentials the proxy never uses. The ' +
    'role must be one of the stack, so that its policies are in the review.',
  remediation:
    "Give the proxy's role an inline policy that allows `secretsmanager:GetSecretValue` only on the secrets its " +
    '`auth` blocks reference, and attach no managed policies to it.',
  docs: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-iam-setup.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-secrets-arns.html',
  ],
  appliesTo: ['aws_db_proxy'],
  problem: (proxy, model) => {
    const roles = referencedResources(model, proxy.values['role_arn'], 'aws_iam_role');
    if (roles.length === 0)
      return `${label(proxy)} uses a role that is not in this stack (${String(proxy.values['role_arn'])})`;
    return roles.map((role) => excessSecretAccess(model, role, authSecrets(proxy))).find(Boolean);
  },
});

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
