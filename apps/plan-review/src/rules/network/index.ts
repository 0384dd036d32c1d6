import type { Rule } from '../rule';
import { routeTableLocalOnly } from './route-table-local-only';
import { securityGroupDescriptions } from './security-group-descriptions';
import { securityGroupEgressWithinVpc } from './security-group-egress-within-vpc';
import { securityGroupNoBroadCidr } from './security-group-no-broad-cidr';
import { securityGroupNoPublicIngress } from './security-group-no-public-ingress';
import { vpcDefaultSecurityGroupClosed } from './vpc-default-security-group-closed';
import { vpcFlowLogs } from './vpc-flow-logs';
import { vpcNoExternalConnections } from './vpc-no-external-connections';
import { vpcNoInternetPath } from './vpc-no-internet-path';

/** The VPC: flow logs, its default security group, no gateway to the internet, described security groups. */
export const networkRules: Rule[] = [
  vpcFlowLogs,
  vpcDefaultSecurityGroupClosed,
  vpcNoInternetPath,
  securityGroupDescriptions,
];

/** Network paths out of the VPC: routes and connections to other networks. */
export const networkPathRules: Rule[] = [routeTableLocalOnly, vpcNoExternalConnections];

/**
 * Security group CIDRs: our flows are security group to security group, so anything that names a CIDR must stay
 * inside the VPC's own blocks, and name at most one subnet.
 */
export const securityGroupCidrRules: Rule[] = [
  securityGroupNoPublicIngress,
  securityGroupEgressWithinVpc,
  securityGroupNoBroadCidr,
];
