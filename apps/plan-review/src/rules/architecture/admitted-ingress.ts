import { label } from '../../model/lookup';
import {
  groupMembers,
  isAllTraffic,
  portLabel,
  securityGroupRules,
  type SecurityGroupRule,
} from '../../model/security-groups';
import type { ReviewModel } from '../../model/types';
import { finding, type Finding } from '../rule';

/**
 * Our own rules about who may reach what (seed 004): every ingress rule of a guarded security group must admit only
 * the allowed security groups, on one TCP port; a CIDR, another port or protocol, or a stranger's group fails.
 */
export function checkIngress(
  model: ReviewModel,
  ruleId: string,
  guarded: Set<string>,
  allowed: Set<string>,
  port: number,
  who: string,
): Finding[] {
  const members = groupMembers(model);
  const describe = (group: string) => (members.get(group) ?? []).map(label).join(', ') || group;
  return securityGroupRules(model)
    .filter((rule) => rule.direction === 'ingress' && guarded.has(rule.group))
    .map((rule) => finding(ruleId, rule.resource, ingressProblem(rule, allowed, port, who, describe)));
}

function ingressProblem(
  rule: SecurityGroupRule,
  allowed: Set<string>,
  port: number,
  who: string,
  describe: (group: string) => string,
): string | undefined {
  const where = `${label(rule.resource)} (into ${describe(rule.group)})`;
  if (rule.cidrs.length) return `${where} admits CIDR ${rule.cidrs.join(', ')}; only ${who} may connect`;
  if (isAllTraffic(rule) || rule.protocol !== 'tcp' || rule.fromPort !== port || rule.toPort !== port) {
    return `${where} admits ${portLabel(rule)}; only tcp/${port} is expected`;
  }
  const strangers = rule.peerGroups.filter((group) => !allowed.has(group));
  if (rule.peerGroups.length === 0) return `${where} names no source security group`;
  return strangers.length
    ? `${where} admits ${strangers.map(describe).join(', ')}; only ${who} may connect`
    : undefined;
}
