import { label, referencedResources } from '../../model/lookup';
import { blocksAt } from '../../model/values';
import { defineResourceRule } from '../rule';

export const proxyAuthSecretInStack = defineResourceRule({
  id: 'proxy-auth-secret-in-stack',
  severity: 'high',
  peers: { checkov: [], trivy: [] },
  title: 'RDS Proxy authenticates with a secret managed in this stack',
  description:
    'RDS Proxy logs in to the database with the credentials of the Secrets Manager secrets its `auth` blocks name, ' +
    'one per database user, and accepts clients against them. A secret of this stack has the key, rotation and ' +
    "resource policy the review checks; a secret named by a literal ARN is another stack's or another account's, " +
    'with whatever rotation, key and readers it has there, and may hold the credentials of another database. Every ' +
    '`auth` block must therefore reference an `aws_secretsmanager_secret` of the stack, or the RDS-managed master ' +
    'secret of its `aws_db_instance`.',
  remediation:
    "Point each `auth` block's `secret_arn` at an `aws_secretsmanager_secret` of the stack (or the DB instance's " +
    '`master_user_secret[0].secret_arn`), by reference, not by a literal ARN.',
  docs: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-secrets-arns.html',
    'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_proxy#auth',
  ],
  appliesTo: ['aws_db_proxy'],
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
});
