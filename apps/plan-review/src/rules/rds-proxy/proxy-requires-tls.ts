import { label } from '../../model/lookup';
import { describeBoolean, readBoolean } from '../../model/values';
import { defineResourceRule } from '../rule';

export const proxyRequiresTls = defineResourceRule({
  id: 'proxy-requires-tls',
  severity: 'high',
  peers: { checkov: [], trivy: [] },
  title: 'RDS Proxy requires TLS from clients',
  description:
    "The Lambda functions log in to the proxy as the application user, with the password of the proxy's `auth` " +
    'secret or an IAM authentication token, and then send their queries and results through it. Unless ' +
    '`require_tls` is on (it is off by default), the proxy also accepts connections without TLS, and a client that ' +
    'does not ask for TLS, misconfigured or downgraded, sends its credentials and the data in clear text across the ' +
    'VPC. With `require_tls` the proxy refuses every connection that is not encrypted. Terraform takes the string ' +
    '"true" as true; a value the review cannot read may be false and fails.',
  remediation: 'Set `require_tls = true` on the `aws_db_proxy` and connect with TLS (`ssl` on in the MySQL client).',
  docs: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.howitworks.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DBProxy.html',
    'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_proxy#require_tls',
  ],
  appliesTo: ['aws_db_proxy'],
  problem: (proxy) =>
    readBoolean(proxy.values['require_tls']) === true
      ? undefined
      : `${label(proxy)} has ${describeBoolean('require_tls', proxy.values['require_tls'])}`,
});
