import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';

export interface SecurityGroupsProps {
  readonly namePrefix: string;
  readonly vpcId: string;
}

export const MYSQL_PORT = 3306;
export const HTTPS_PORT = 443;

type Role = 'lambda' | 'proxy' | 'database' | 'endpoint' | 'rotation';

/** One allowed flow: the egress rule on the client's group and the ingress rule on the server's group. */
export interface SecurityGroupFlow {
  readonly egress: VpcSecurityGroupEgressRule;
  readonly ingress: VpcSecurityGroupIngressRule;
}

const DESCRIPTIONS: Record<Role, string> = {
  lambda: 'API Lambda: may reach the RDS Proxy and the Secrets Manager endpoint only',
  proxy: 'RDS Proxy: admits the API Lambda, reaches the database and the Secrets Manager endpoint',
  database: 'RDS MySQL: admits the proxy and the rotation Lambda only',
  endpoint: 'Secrets Manager interface endpoint: admits HTTPS from in-VPC clients only',
  rotation: 'Rotation Lambda: may reach the database and the Secrets Manager endpoint only',
};

/**
 * One security group per role, wired SG-to-SG: every allowed flow is an egress rule on the client and an ingress rule
 * on the server, each its own resource with a description. No rule names a CIDR, so nothing is open to 0.0.0.0/0
 * (seed 000 "lambda-sg / database-sg / secret-sg", seed 004 three-SG layout, plus the rotation Lambda).
 */
export class SecurityGroups extends Construct {
  readonly lambdaSecurityGroupId: string;
  readonly proxySecurityGroupId: string;
  readonly databaseSecurityGroupId: string;
  readonly endpointSecurityGroupId: string;
  readonly rotationSecurityGroupId: string;
  /** The rotation/bootstrap functions' paths to the database and the Secrets Manager endpoint (to order after). */
  readonly rotationFlows: { readonly database: SecurityGroupFlow; readonly endpoint: SecurityGroupFlow };

  constructor(scope: Construct, id: string, props: SecurityGroupsProps) {
    super(scope, id);
    const group = (role: Role): SecurityGroup =>
      // Terraform strips AWS's default allow-all egress from groups it creates: all egress below is explicit.
      new SecurityGroup(this, role, {
        name: `${props.namePrefix}-${role}`,
        description: DESCRIPTIONS[role],
        vpcId: props.vpcId,
        revokeRulesOnDelete: true,
        tags: { Name: `${props.namePrefix}-${role}` },
      });
    const lambda = group('lambda');
    const proxy = group('proxy');
    const database = group('database');
    const endpoint = group('endpoint');
    const rotation = group('rotation');

    this.allowFlow(lambda, proxy, MYSQL_PORT, 'API Lambda to RDS Proxy (MySQL over TLS)');
    this.allowFlow(lambda, endpoint, HTTPS_PORT, 'API Lambda to Secrets Manager endpoint');
    this.allowFlow(proxy, database, MYSQL_PORT, 'RDS Proxy to database');
    this.allowFlow(proxy, endpoint, HTTPS_PORT, 'RDS Proxy to Secrets Manager endpoint');
    this.rotationFlows = {
      database: this.allowFlow(rotation, database, MYSQL_PORT, 'Rotation Lambda to database (sets the new password)'),
      endpoint: this.allowFlow(rotation, endpoint, HTTPS_PORT, 'Rotation Lambda to Secrets Manager endpoint'),
    };

    this.lambdaSecurityGroupId = lambda.id;
    this.proxySecurityGroupId = proxy.id;
    this.databaseSecurityGroupId = database.id;
    this.endpointSecurityGroupId = endpoint.id;
    this.rotationSecurityGroupId = rotation.id;
  }

  private allowFlow(client: SecurityGroup, server: SecurityGroup, port: number, purpose: string): SecurityGroupFlow {
    const flowId = `${client.node.id}-to-${server.node.id}-${port}`;
    const egress = new VpcSecurityGroupEgressRule(this, `${flowId}-egress`, {
      securityGroupId: client.id,
      referencedSecurityGroupId: server.id,
      ipProtocol: 'tcp',
      fromPort: port,
      toPort: port,
      description: `${purpose}: egress`,
    });
    const ingress = new VpcSecurityGroupIngressRule(this, `${flowId}-ingress`, {
      securityGroupId: server.id,
      referencedSecurityGroupId: client.id,
      ipProtocol: 'tcp',
      fromPort: port,
      toPort: port,
      description: `${purpose}: ingress`,
    });
    return { egress, ingress };
  }
}
