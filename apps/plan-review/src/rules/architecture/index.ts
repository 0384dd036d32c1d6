import type { Rule } from '../rule';
import { databaseAdmitsOnlyProxyAndRotation } from './database-admits-only-proxy-and-rotation';
import { endpointAdmitsOnlyHttpsFromOurGroups } from './endpoint-admits-only-https-from-our-groups';

/**
 * Our own rules about who may reach what (seed 004): the database admits only the proxy and the rotation Lambda
 * on the database port; the Secrets Manager endpoint admits only HTTPS from our Lambdas and the proxy.
 */
export const architectureRules: Rule[] = [databaseAdmitsOnlyProxyAndRotation, endpointAdmitsOnlyHttpsFromOurGroups];
