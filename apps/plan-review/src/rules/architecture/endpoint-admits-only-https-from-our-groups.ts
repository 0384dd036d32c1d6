import { liveResources } from '../../model/lookup';
import { groupsOf } from '../../model/security-groups';
import { defineRule } from '../rule';
import { checkIngress } from './admitted-ingress';

/** The Secrets Manager endpoint admits only HTTPS from our Lambdas and the proxy (seed 004). */
export const endpointAdmitsOnlyHttpsFromOurGroups = defineRule({
  id: 'endpoint-admits-only-https-from-our-groups',
  severity: 'high',
  peers: { checkov: [], trivy: [] },
  title: 'Interface endpoint security groups admit only HTTPS from our Lambda and proxy security groups',
  description:
    'The isolated VPC reaches Secrets Manager only through an interface endpoint, whose network interfaces carry the ' +
    'security groups the endpoint names: those groups decide who in the VPC may talk to the service through it. The ' +
    "callers are our Lambdas and RDS Proxy, over HTTPS, so every ingress rule of an interface endpoint's groups must " +
    'name one of their security groups, for TCP 443. A CIDR, another group, another port or all traffic lets other ' +
    'workloads of the VPC use the endpoint.',
  remediation:
    "Give the endpoint's security group `aws_vpc_security_group_ingress_rule`s on TCP 443 whose " +
    "`referenced_security_group_id` is a Lambda's or the proxy's security group, and nothing else.",
  docs: [
    'https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html',
    'https://docs.aws.amazon.com/secretsmanager/latest/userguide/vpc-endpoint-overview.html',
    'https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html',
  ],
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
});
