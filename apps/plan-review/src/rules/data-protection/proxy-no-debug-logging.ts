import { label } from '../../model/lookup';
import { describeBoolean, readBoolean } from '../../model/values';
import { defineResourceRule } from '../rule';

export const proxyNoDebugLogging = defineResourceRule({
  id: 'proxy-no-debug-logging',
  severity: 'high',
  peers: { checkov: [], trivy: [] },
  title: 'RDS Proxy debug logging is off (it logs SQL statements with their values)',
  description:
    'With `debug_logging` on, RDS Proxy writes detailed information about the SQL statements that pass through it to ' +
    'its CloudWatch log group, and AWS documents that this includes the text of the statements: every value the API ' +
    'writes or looks up (personal data, tokens) lands in the logs, readable by whoever can read the log group, for as ' +
    'long as it is kept. AWS advises turning it on only while debugging and only with safeguards for the sensitive ' +
    'information that appears. A value the review cannot read as false (a string other than "false", an expression) ' +
    'may turn it on, so it fails too.',
  remediation:
    'Leave `debug_logging` unset or set it to `false`; debug a proxy on a non-production stack with a short-lived ' +
    'change.',
  docs: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DBProxy.html',
    'https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/db_proxy',
  ],
  appliesTo: ['aws_db_proxy'],
  problem: (proxy) => {
    const reading = readBoolean(proxy.values['debug_logging']);
    if (reading === true)
      return `${label(proxy)} has debug_logging=true: the proxy logs the text of every SQL statement`;
    return reading === 'unknown'
      ? `${label(proxy)} has ${describeBoolean('debug_logging', proxy.values['debug_logging'])}: it may log every SQL statement`
      : undefined;
  },
});
