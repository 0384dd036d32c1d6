import { defineCases } from '../../testing/cases';
import { synthResource, type SynthJson } from '../../testing/fixtures';
import { proxyPoolWithinLimits } from './proxy-pool-within-limits';

const pool = (synth: SynthJson) => synthResource(synth, 'aws_db_proxy_default_target_group').connection_pool_config;

export default defineCases({
  rule: proxyPoolWithinLimits,
  failing: [
    { variant: 'max_connections_percent = 150', change: (s) => (pool(s).max_connections_percent = 150) },
    { variant: 'max_connections_percent = 0', change: (s) => (pool(s).max_connections_percent = 0) },
    {
      variant: 'max_idle_connections_percent above max_connections_percent',
      change: (s) => Object.assign(pool(s), { max_connections_percent: 30, max_idle_connections_percent: 40 }),
    },
  ],
  passing: [
    {
      variant: 'no connection_pool_config (RDS defaults: 100 and 50)',
      change: (s) => delete synthResource(s, 'aws_db_proxy_default_target_group').connection_pool_config,
    },
    {
      variant: 'the whole pool, idle connections included (100 and 100)',
      change: (s) => Object.assign(pool(s), { max_connections_percent: 100, max_idle_connections_percent: 100 }),
    },
  ],
});
