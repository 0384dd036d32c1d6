import { defineCases } from '../../testing/cases';
import { MASTER_SECRET, proxy } from './fixture-edits';
import { proxyAuthSecretInStack } from './proxy-auth-secret-in-stack';

export default defineCases({
  rule: proxyAuthSecretInStack,
  failing: [
    {
      variant: 'a secret of another stack by its literal ARN',
      change: (s) =>
        (proxy(s).auth[0].secret_arn = 'arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:other-AbCdEf'),
    },
    { variant: 'no auth block', change: (s) => delete proxy(s).auth },
  ],
  passing: [
    {
      // A second database user, the RDS-managed master user, whose secret the stack's DB instance owns.
      variant: "a second auth block with the DB instance's RDS-managed master secret",
      change: (s) => proxy(s).auth.push({ auth_scheme: 'SECRETS', iam_auth: 'DISABLED', secret_arn: MASTER_SECRET }),
    },
  ],
});
