import { defineCases } from '../../testing/cases';
import { addSynthResource } from '../../testing/fixtures';
import { APP_SECRET, MASTER_SECRET, proxy, setProxyPolicy } from './fixture-edits';
import { proxyRoleReadsOnlyItsSecrets } from './proxy-role-reads-only-its-secrets';

const readSecrets = (...secrets: string[]) => ({
  Effect: 'Allow',
  Action: 'secretsmanager:GetSecretValue',
  Resource: secrets,
});

export default defineCases({
  rule: proxyRoleReadsOnlyItsSecrets,
  failing: [
    {
      variant: 'the role also reads the master secret, which the proxy does not authenticate with',
      change: (s) => setProxyPolicy(s, [readSecrets(APP_SECRET, MASTER_SECRET)]),
    },
    {
      variant: 'a managed policy on the proxy role through aws_iam_role_policy_attachments_exclusive',
      change: (s) =>
        addSynthResource(s, 'aws_iam_role_policy_attachments_exclusive', 'proxy-exclusive', {
          role_name: '${aws_iam_role.proxy_role_A46D75EC.name}',
          policy_arns: ['arn:aws:iam::aws:policy/SecretsManagerReadWrite'],
        }),
    },
    {
      variant: 'secretsmanager:* on every secret',
      change: (s) => setProxyPolicy(s, [{ Effect: 'Allow', Action: 'secretsmanager:*', Resource: '*' }]),
    },
    {
      variant: 'a role that is not in this stack',
      change: (s) => (proxy(s).role_arn = 'arn:aws:iam::123456789012:role/shared-proxy-role'),
    },
  ],
  passing: [
    {
      // The proxy authenticates as the master user too, and its role reads both secrets: both are its own.
      variant: 'a second auth block with the master secret, and the role reading both',
      change: (s) => {
        proxy(s).auth.push({ auth_scheme: 'SECRETS', iam_auth: 'DISABLED', secret_arn: MASTER_SECRET });
        setProxyPolicy(s, [readSecrets(APP_SECRET, MASTER_SECRET)]);
      },
    },
  ],
});
