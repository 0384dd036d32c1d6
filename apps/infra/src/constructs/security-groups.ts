import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import { markdownTable } from '@rds-platform/markdown-table';
import { PlatformStack } from './platform-stack';

/** MySQL, and so RDS for MySQL and a MYSQL-family RDS Proxy, listen here. */
export const MYSQL_PORT = 3306;
export const HTTPS_PORT = 443;

/** One allowed flow: the egress rule on the client's group and the ingress rule on the server's group. */
export interface SecurityGroupFlow {
  readonly egress: VpcSecurityGroupEgressRule;
  readonly ingress: VpcSecurityGroupIngressRule;
}

/** A flow as reviewers read it: which group may open connections to which, on what port, and why. */
export interface FlowRecord {
  readonly client: string;
  readonly server: string;
  readonly port: number;
  readonly purpose: string;
}

/** Anything that sits behind a security group: a function, the proxy, the database, an endpoint. */
export interface Connectable {
  readonly connections: Connections;
}

/**
 * The network side of a resource, as aws-cdk-lib's `ec2.Connections`: its security group, its default port, and
 * methods that open a flow SG to SG. Owners declare their flows beside the resource
 * (`proxy.connections.allowDefaultPortFrom(apiFunction, 'why')`); the rules themselves are made by `SecurityGroups`.
 */
export class Connections implements Connectable {
  readonly connections: Connections = this;

  constructor(
    private readonly groups: SecurityGroups,
    /** Short role name of the group (`proxy`): it names the group and its rules. */
    readonly role: string,
    readonly securityGroupId: string,
    /** The port servers behind this group listen on, if they serve anything. */
    readonly defaultPort?: number,
  ) {}

  /** Lets `client` open connections to this group's default port: an egress rule on it, an ingress rule here. */
  allowDefaultPortFrom(client: Connectable, purpose: string): SecurityGroupFlow {
    if (this.defaultPort === undefined) throw new Error(`The ${this.role} security group serves no default port.`);
    return this.groups.allowFlow(client.connections, this, this.defaultPort, purpose);
  }
}

/**
 * Every security group of a stack, one per role, wired SG to SG: each allowed flow is an egress rule on the client
 * and an ingress rule on the server, each its own resource with a description. No rule names a CIDR, so nothing is
 * open to 0.0.0.0/0 (seed 000 "lambda-sg / database-sg / secret-sg", seed 004's three-SG layout). The groups are
 * created by their owners (`create`) and the flows by `Connections`; this construct keeps them in one place in the
 * Terraform addresses (`security-groups/<role>`) and records the matrix for review (`flowTable`).
 */
export class SecurityGroups extends Construct {
  private readonly vpcId: string;
  private readonly roles = new Map<string, Connections>();
  private readonly recorded: FlowRecord[] = [];

  constructor(scope: Construct, id: string, props: { readonly vpcId: string }) {
    super(scope, id);
    this.vpcId = props.vpcId;
  }

  /** A new group for one role (`proxy`), named `<namePrefix>-<role>`; each role has one group. */
  create(role: string, description: string, defaultPort?: number): Connections {
    if (this.roles.has(role)) throw new Error(`A security group for the ${role} role exists already.`);
    const name = PlatformStack.of(this).resourceName(role);
    // Terraform strips AWS's default allow-all egress from groups it creates: all egress here is explicit.
    const group = new SecurityGroup(this, role, {
      name,
      description,
      vpcId: this.vpcId,
      revokeRulesOnDelete: true,
      tags: { Name: name },
    });
    const connections = new Connections(this, role, group.id, defaultPort);
    this.roles.set(role, connections);
    return connections;
  }

  /** Every allowed flow, in the order it was declared. */
  get flows(): readonly FlowRecord[] {
    return this.recorded;
  }

  /** The flow matrix as a Markdown table, for the README and reviewers. */
  flowTable(): string {
    return markdownTable(
      ['from', 'to', 'TCP port', 'why'],
      this.recorded.map((flow) => [flow.client, flow.server, String(flow.port), flow.purpose]),
    );
  }

  /** Used by `Connections`: the egress rule on the client's group and the ingress rule on the server's. */
  allowFlow(client: Connections, server: Connections, port: number, purpose: string): SecurityGroupFlow {
    const flowId = `${client.role}-to-${server.role}-${port}`;
    const existing = this.node.tryFindChild(`${flowId}-egress`);
    if (existing) throw new Error(`The flow ${client.role} -> ${server.role}:${port} is declared twice.`);
    const egress = new VpcSecurityGroupEgressRule(this, `${flowId}-egress`, {
      securityGroupId: client.securityGroupId,
      referencedSecurityGroupId: server.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: port,
      toPort: port,
      description: `${purpose}: egress`,
    });
    const ingress = new VpcSecurityGroupIngressRule(this, `${flowId}-ingress`, {
      securityGroupId: server.securityGroupId,
      referencedSecurityGroupId: client.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: port,
      toPort: port,
      description: `${purpose}: ingress`,
    });
    this.recorded.push({ client: client.role, server: server.role, port, purpose });
    return { egress, ingress };
  }
}
