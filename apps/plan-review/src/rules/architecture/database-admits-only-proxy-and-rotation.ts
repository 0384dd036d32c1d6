import { liveResources, referencedResources } from '../../model/lookup';
import { groupsOf } from '../../model/security-groups';
import type { ReviewModel } from '../../model/types';
import { defineRule } from '../rule';
import { checkIngress } from './admitted-ingress';

/** Security groups of the Lambdas that rotate secrets (named by aws_secretsmanager_secret_rotation). */
function rotationFunctionGroups(model: ReviewModel): string[] {
  return liveResources(model, 'aws_secretsmanager_secret_rotation')
    .flatMap((rotation) => referencedResources(model, rotation.values['rotation_lambda_arn'], 'aws_lambda_function'))
    .flatMap(groupsOf);
}

/** The database admits only the proxy and the rotation Lambda, on the database port (seed 004). */
export const databaseAdmitsOnlyProxyAndRotation = defineRule({
  id: 'database-admits-only-proxy-and-rotation',
  severity: 'high',
  peers: { checkov: [], trivy: [] },
  title: 'The database security group admits only the proxy and rotation security groups, on the DB port',
  description:
    'In this architecture the application never connects to MySQL directly: the API Lambda goes through RDS Proxy ' +
    '(TLS, pooled, IAM-scoped secrets), and only the rotation Lambda needs the instance itself to change passwords. ' +
    'A VPC security group admits exactly the sources its ingress rules name, so every ingress rule of the ' +
    "database's groups must name the proxy's or the rotation function's security group, for TCP on the instance's " +
    'port (3306 unless `port` says otherwise). A CIDR, another group, another port or all traffic opens a path ' +
    'around the proxy.',
  remediation:
    "Write the database's ingress as `aws_vpc_security_group_ingress_rule`s with `referenced_security_group_id` set " +
    "to the proxy's or the rotation Lambda's security group and `from_port = to_port =` the DB port; move any other " +
    'client behind the proxy.',
  docs: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.RDSSecurityGroups.html',
    'https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.howitworks.html#rds-proxy-security',
  ],
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
});
