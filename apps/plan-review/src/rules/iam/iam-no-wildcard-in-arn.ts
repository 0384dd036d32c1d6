import { isWildcardArn } from './actions';
import { perAllowStatement } from './identity-statements';

export const iamNoWildcardInArn = perAllowStatement({
  id: 'iam-no-wildcard-in-arn',
  severity: 'critical',
  peers: { checkov: [], trivy: ['AWS-0057'] },
  differences: [
    {
      peer: 'trivy',
      id: 'AWS-0057',
      difference:
        'AWS-0057 (deprecated in trivy-checks) refuses every action containing `*` and every resource containing `*` ' +
        'outside its list of actions without resources, S3 object keys and log streams, so it refuses a name prefix ' +
        '(`secret:rds-platform-dev-app-??????`, `role/service-role/rdsp-dev-*`); we refuse only a wildcard in place of ' +
        "the name or account of a secret, key, role, DB user or function, since the stack's suffixed secret ARNs and " +
        "run-time names can only be granted by prefix, and wildcard actions are other rules' concern.",
    },
  ],
  title: 'Identity policies name secrets, keys, roles, DB users and functions: no `secret:*`, `key/*`, `dbuser:*/*`',
  description:
    'A wildcard in place of a name (`secret:*`, `key/*`, `role/*`, `function:*`, `dbuser:*/*`) or of the account ' +
    '(`arn:aws:kms:*:*:key/*`) grants the action on every secret, key, role, DB user or function there is, not the ' +
    "stack's own. A prefix under a named parent stays fine: Secrets Manager appends six random characters to a " +
    "secret's ARN, and log streams, network interfaces and S3 objects get their names at run time, so a wildcard " +
    'after the named part is the only way to grant them.',
  remediation:
    'Reference the resource of the stack (`${aws_secretsmanager_secret.app.arn}`) or spell out its name, with a ' +
    'wildcard only for the random suffix or the run-time part.',
  docs: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html',
    'https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_identity-based-policies.html',
  ],
  problem: (statement) => {
    const wild = statement.resources.filter(isWildcardArn);
    return wild.length ? `grants ${wild.join(', ')}, a wildcard in place of a name or account` : undefined;
  },
});
