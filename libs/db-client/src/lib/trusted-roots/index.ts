import { RDS_INSTANCE_ROOTS } from './rds-instance-roots.generated';
import { RDS_PROXY_ROOTS } from './rds-proxy-roots.generated';
import type { TrustedRoots } from './trusted-roots';

export type { TrustedRoots } from './trusted-roots';
export { RDS_INSTANCE_ROOTS, RDS_PROXY_ROOTS };

/**
 * Both sets, for tools that may be pointed at either a proxy or an instance (the failover meter, `db:migrate`). A
 * function, not a constant: a bundle that never calls it holds neither set on its account.
 */
export function anyRdsEndpointRoots(): TrustedRoots {
  return {
    name: `${RDS_PROXY_ROOTS.name}; ${RDS_INSTANCE_ROOTS.name}`,
    source: `${RDS_PROXY_ROOTS.source} ${RDS_INSTANCE_ROOTS.source}`,
    certificates: [...RDS_PROXY_ROOTS.certificates, ...RDS_INSTANCE_ROOTS.certificates],
  };
}
