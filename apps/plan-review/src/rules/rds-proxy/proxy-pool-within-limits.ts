import { label } from '../../model/lookup';
import { blocksAt } from '../../model/values';
import { defineResourceRule } from '../rule';

export const proxyPoolWithinLimits = defineResourceRule({
  id: 'proxy-pool-within-limits',
  severity: 'low',
  peers: { checkov: [], trivy: [] },
  title: 'RDS Proxy pool percentages are at most 100 and idle <= max',
  description:
    "The proxy's connection pool is sized in percentages of the database's `max_connections`: " +
    '`max_connections_percent` must be between 1 and 100 (default 100) and `max_idle_connections_percent` between 0 ' +
    'and `max_connections_percent` (default 50 when neither is set). RDS refuses other values, so such a plan fails ' +
    'at apply, halfway through a deployment; the rule refuses it in review instead.',
  remediation:
    'Keep `connection_pool_config.max_connections_percent` within 1 to 100 and `max_idle_connections_percent` at or ' +
    'below it.',
  docs: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-connections.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ConnectionPoolConfiguration.html',
  ],
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
});
