import { label, liveResources, referencedResources } from '../model/lookup';
import {
  groupMembers,
  groupsOf,
  isAllTraffic,
  portLabel,
  securityGroupRules,
  type SecurityGroupRule,
} from '../model/security-groups';
import type { ReviewModel } from '../model/types';
import { finding, type Finding, type Rule } from './rule';

/**
 * Our own rules about who may reach what (seed 004): the database admits only the proxy and the rotation Lambda
 * on the database port; the Secrets Manager endpoint admits only HTTPS from our Lambdas and the proxy.
 */
export const architectureRules: Rule[] = [
  {
    id: 'database-admits-only-proxy-and-rotation',
    severity: 'high',
    peers: { checkov: [], trivy: [] },
    title: 'The database security group admits only the proxy and rotation security groups, on the DB port',
    appliesTo: [
      'aws_db_instance',
      'aws_vpc_security_group_ingress_rule',
      'aws_security_group_rule',
      'aws_security_group',
    ],
    check: (model) => {
      const databases = liveResources(model, 'aws_db_instance');
      const allowed = new Set([
        ...liveResources(model, 'aws_db_proxy').flatMap(groupsOf),
        ...rotationFunctionGroups(model),
      ]);
      return databases.flatMap((db) =>
        checkIngress(
          model,
          'database-admits-only-proxy-and-rotation',
          new Set(groupsOf(db)),
          allowed,
          typeof db.values['port'] === 'number' ? db.values['port'] : 3306,
          'the proxy or rotation group',
        ),
      );
    },
  },
  {
    id: 'endpoint-admits-only-https-from-our-groups',
    severity: 'high',
    peers: { checkov: [], trivy: [] },
    title: 'Interface endpoint security groups admit only HTTPS from our Lambda and proxy security groups',
    appliesTo: [
      'aws_vpc_endpoint',
      'aws_vpc_security_group_ingress_rule',
      'aws_security_group_rule',
      'aws_security_group',
    ],
    check: (model) => {
      const endpoints = liveResources(model, 'aws_vpc_endpoint').filter(
        (endpoint) => endpoint.values['vpc_endpoint_type'] === 'Interface',
      );
      const allowed = new Set(liveResources(model, 'aws_lambda_function', 'aws_db_proxy').flatMap(groupsOf));
      return checkIngress(
        model,
        'endpoint-admits-only-https-from-our-groups',
        new Set(endpoints.flatMap(groupsOf)),
        allowed,
        443,
        'a Lambda or proxy group',
      );
    },
  },
];

function checkIngress(
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

/** Security groups of the Lambdas that rotate secrets (named by aws_secretsmanager_secret_rotation). */
function rotationFunctionGroups(model: ReviewModel): string[] {
  return liveResources(model, 'aws_secretsmanager_secret_rotation')
    .flatMap((rotation) => referencedResources(model, rotation.values['rotation_lambda_arn'], 'aws_lambda_function'))
    .flatMap(groupsOf);
}
