import type { AccessRequest, Evaluation, NamedPolicy, PolicyDocument } from './evaluate';
import { type Placement, type TerraformJson, TerraformValues, UnresolvedValueError } from './terraform-values';

/** A role of the stack: who may assume it (trust policy) and what it may do (its policies). */
export interface StackRole {
  readonly address: string;
  readonly name: string;
  readonly arn: string;
  readonly trustPolicy: NamedPolicy;
  readonly policies: NamedPolicy[];
}

/** A resource-based policy and the resources it governs. */
export interface ResourcePolicy extends NamedPolicy {
  /** The Terraform address the policy comes from (one resource may get statements from several). */
  readonly address: string;
}

function asDocument(value: unknown, where: string): PolicyDocument {
  const document = typeof value === 'string' ? JSON.parse(value) : value;
  if (!document || typeof document !== 'object' || !('Statement' in document)) {
    throw new UnresolvedValueError(`${where} is not a policy document`);
  }
  return document as PolicyDocument;
}

function statementsOf(policy: PolicyDocument): Record<string, unknown>[] {
  return Array.isArray(policy.Statement) ? [...policy.Statement] : [policy.Statement as Record<string, unknown>];
}

/** The resource types whose policies the model reads (a role's permissions boundary makes it unreadable). */
const READ_TYPES = new Set([
  'aws_iam_role',
  'aws_iam_role_policy',
  'aws_kms_key',
  'aws_sns_topic',
  'aws_sns_topic_policy',
  'aws_sqs_queue',
  'aws_sqs_queue_policy',
  'aws_secretsmanager_secret',
  'aws_secretsmanager_secret_policy',
  'aws_lambda_permission',
  'aws_cloudwatch_log_resource_policy',
  'aws_vpc_endpoint',
  'aws_vpc_endpoint_policy',
]);

/**
 * Resource types that grant no access of their own: they name roles, keys or policies the model reads elsewhere,
 * or hold none. Any other type (a KMS grant, a separate key policy, an IAM user or group, a function URL, a managed
 * policy attachment …) makes the model incomplete, so the matrix refuses to pass it.
 */
const NO_ACCESS_EFFECT_TYPES = new Set([
  'aws_apigatewayv2_api',
  'aws_apigatewayv2_integration',
  'aws_apigatewayv2_route',
  'aws_apigatewayv2_stage',
  'aws_cloudwatch_dashboard',
  'aws_cloudwatch_event_rule',
  'aws_cloudwatch_event_target',
  'aws_cloudwatch_log_group',
  'aws_cloudwatch_metric_alarm',
  'aws_db_event_subscription',
  'aws_db_instance',
  'aws_db_parameter_group',
  'aws_db_proxy',
  'aws_db_proxy_default_target_group',
  'aws_db_proxy_target',
  'aws_db_subnet_group',
  'aws_default_security_group',
  'aws_fis_experiment_template',
  'aws_flow_log',
  'aws_kms_alias',
  'aws_lambda_function',
  'aws_lambda_invocation',
  'aws_route_table',
  'aws_route_table_association',
  'aws_secretsmanager_secret_rotation',
  'aws_security_group',
  'aws_sns_topic_subscription',
  'aws_subnet',
  'aws_vpc',
  'aws_vpc_security_group_egress_rule',
  'aws_vpc_security_group_ingress_rule',
]);

/** The account an ARN belongs to, or `fallback` for ARNs without one (S3) and for "*". */
export function accountOf(arn: string, fallback: string): string {
  const account = arn.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : fallback;
}

/**
 * Every principal and policy of one synthesized stack, resolved to concrete values: roles with their trust and
 * inline policies, key policies, topic and queue policies, Lambda function policies (from `aws_lambda_permission`,
 * as Lambda writes them), account-level CloudWatch Logs resource policies and VPC endpoint policies.
 * Policies the model cannot evaluate (managed policy attachments, unknown expressions) throw: fail closed.
 */
export class StackModel {
  readonly values: TerraformValues;
  readonly roles = new Map<string, StackRole>();
  /** Resource ARN -> the policies on it (key policies, topic/queue policies, function policies). */
  readonly resourcePolicies = new Map<string, ResourcePolicy[]>();
  /** Account-level CloudWatch Logs resource policies (they govern every log group of the account). */
  readonly logResourcePolicies: ResourcePolicy[] = [];
  /** VPC endpoint id -> its policy. */
  readonly endpointPolicies = new Map<string, ResourcePolicy>();
  /**
   * Policies the model cannot read (managed policy attachments: their documents are not in the configuration). An
   * evaluation of a stack with any is incomplete: `runMatrix` refuses it, and the plan review fails closed.
   */
  readonly unreadable: string[] = [];

  constructor(
    readonly json: TerraformJson,
    readonly placement: Placement,
  ) {
    this.values = new TerraformValues(json, placement);
    for (const type of Object.keys(json.resource ?? {})) {
      if (!READ_TYPES.has(type) && !NO_ACCESS_EFFECT_TYPES.has(type)) {
        this.unreadable.push(`${type}: a resource type the access matrix does not know (add it to stack-model.ts)`);
      }
    }
    this.readRoles();
    this.readResourcePolicies();
  }

  /** The resolved configuration of every resource of a type, by name. */
  resources(type: string): Record<string, TerraformJson> {
    const raw = this.values.resources(type);
    return Object.fromEntries(Object.keys(raw).map((name) => [name, this.values.lazy(raw[name])]));
  }

  /** A computed or configured attribute, e.g. `attribute('aws_secretsmanager_secret', name, 'arn')`. */
  attribute(type: string, name: string, attribute: string): string {
    return String(this.values.attribute(type, name, attribute));
  }

  /** Every policy document of the stack, with where it comes from (static checks walk these). */
  allPolicies(): { address: string; kind: 'identity' | 'trust' | 'resource' | 'endpoint'; policy: NamedPolicy }[] {
    const identity = [...this.roles.values()].flatMap((role) => [
      { address: role.address, kind: 'trust' as const, policy: role.trustPolicy },
      ...role.policies.map((policy) => ({ address: role.address, kind: 'identity' as const, policy })),
    ]);
    const resource = [...this.resourcePolicies.values(), this.logResourcePolicies]
      .flat()
      .map((policy) => ({ address: policy.address, kind: 'resource' as const, policy }));
    const endpoint = [...this.endpointPolicies.values()].map((policy) => ({
      address: policy.address,
      kind: 'endpoint' as const,
      policy,
    }));
    return [...identity, ...resource, ...endpoint];
  }

  /**
   * What decides `request` in this stack: the principal's policies if it is one of the stack's roles (another
   * principal brings `identityPolicies` of its own, e.g. an attacker's allow-all), the resource's policy (a role's
   * trust policy for sts:AssumeRole), and the endpoint's policy when it passes through one.
   */
  evaluation(
    request: AccessRequest,
    options: { identityPolicies?: readonly NamedPolicy[]; throughEndpoint?: string } = {},
  ): Evaluation {
    const role = this.roles.get(request.principal);
    const identityPolicies = options.identityPolicies ?? role?.policies ?? [];
    let resourcePolicy: NamedPolicy | undefined;
    if (request.action === 'sts:AssumeRole') {
      const target = this.roles.get(request.resource);
      if (!target) throw new UnresolvedValueError(`${request.resource} is not a role of this stack`);
      resourcePolicy = target.trustPolicy;
    } else if (request.action.startsWith('logs:') && this.logResourcePolicies.length > 0 && !role) {
      resourcePolicy = merged('log-resource-policies', this.logResourcePolicies);
    } else {
      const policies = this.resourcePolicies.get(request.resource);
      if (policies) resourcePolicy = merged(request.resource, policies);
    }
    let endpointPolicies: NamedPolicy[] | undefined;
    if (options.throughEndpoint) {
      const endpoint = this.endpointPolicies.get(options.throughEndpoint);
      // An endpoint without a policy allows everything (the default policy): https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
      endpointPolicies = endpoint ? [endpoint] : [];
    }
    return {
      request,
      resourceAccount: accountOf(request.resource, this.placement.accountId),
      identityPolicies,
      resourcePolicy,
      endpointPolicies,
    };
  }

  private readRoles(): void {
    const roles = this.values.resources('aws_iam_role');
    for (const name of Object.keys(roles)) {
      const address = `aws_iam_role.${name}`;
      const config = this.values.lazy(roles[name]);
      const arn = this.attribute('aws_iam_role', name, 'arn');
      const policies: NamedPolicy[] = (config.inline_policy ?? []).map((inline: TerraformJson) => ({
        name: `${address}.inline_policy.${inline.name}`,
        policy: asDocument(inline.policy, `${address}.inline_policy`),
      }));
      if (config.permissions_boundary) {
        this.unreadable.push(`${address} has a permissions boundary (a managed policy the access matrix cannot read)`);
      }
      if (config.managed_policy_arns?.length) {
        this.unreadable.push(
          `${address} attaches managed policies (managed_policy_arns) the access matrix cannot read`,
        );
      }
      this.roles.set(arn, {
        address,
        name: config.name,
        arn,
        trustPolicy: { name: `${address}.assume_role_policy`, policy: asDocument(config.assume_role_policy, address) },
        policies,
      });
    }
    const byName = new Map([...this.roles.values()].map((role) => [role.name, role]));
    for (const [name, raw] of Object.entries(this.values.resources('aws_iam_role_policy'))) {
      const config = this.values.lazy(raw);
      const role = byName.get(config.role);
      if (!role)
        throw new UnresolvedValueError(`aws_iam_role_policy.${name} is on ${config.role}, not a role of this stack`);
      role.policies.push({ name: `aws_iam_role_policy.${name}`, policy: asDocument(config.policy, name) });
    }
    for (const type of [
      'aws_iam_role_policy_attachment',
      'aws_iam_role_policy_attachments_exclusive',
      'aws_iam_policy_attachment',
    ]) {
      for (const attachment of Object.keys(this.values.resources(type))) {
        this.unreadable.push(`${type}.${attachment}: a managed policy the access matrix cannot read`);
      }
    }
  }

  private addResourcePolicy(resourceArn: string, policy: ResourcePolicy): void {
    this.resourcePolicies.set(resourceArn, [...(this.resourcePolicies.get(resourceArn) ?? []), policy]);
  }

  private readResourcePolicies(): void {
    const read = (
      type: string,
      arnOf: (config: TerraformJson, name: string) => string,
      policyOf: (config: TerraformJson) => unknown,
    ) => {
      for (const [name, raw] of Object.entries(this.values.resources(type))) {
        const config = this.values.lazy(raw);
        const address = `${type}.${name}`;
        const policy = policyOf(config);
        if (policy === undefined || policy === null) continue;
        this.addResourcePolicy(arnOf(config, name), { address, name: address, policy: asDocument(policy, address) });
      }
    };
    const arnByAttribute = (type: string, attribute: string, value: string) => {
      const match = Object.keys(this.values.resources(type)).find(
        (name) => String(this.values.attribute(type, name, attribute)) === value,
      );
      if (!match) throw new UnresolvedValueError(`no ${type} has ${attribute} ${value}`);
      return this.attribute(type, match, 'arn');
    };
    for (const name of Object.keys(this.values.resources('aws_kms_key'))) {
      const config = this.values.lazy(this.values.resources('aws_kms_key')[name]);
      const address = `aws_kms_key.${name}`;
      if (config.policy === undefined) throw new UnresolvedValueError(`${address} has the default key policy`);
      this.addResourcePolicy(this.attribute('aws_kms_key', name, 'arn'), {
        address,
        name: address,
        policy: asDocument(config.policy, address),
      });
    }
    // A topic, queue or secret may carry its policy inline as well as in a separate policy resource.
    for (const type of ['aws_sns_topic', 'aws_sqs_queue', 'aws_secretsmanager_secret']) {
      read(
        type,
        (_config, name) => this.attribute(type, name, 'arn'),
        (config) => config.policy,
      );
    }
    read(
      'aws_sns_topic_policy',
      (config) => config.arn,
      (config) => config.policy,
    );
    read(
      'aws_sqs_queue_policy',
      (config) => arnByAttribute('aws_sqs_queue', 'url', config.queue_url),
      (config) => config.policy,
    );
    read(
      'aws_secretsmanager_secret_policy',
      (config) => config.secret_arn,
      (config) => config.policy,
    );
    for (const [name, raw] of Object.entries(this.values.resources('aws_lambda_permission'))) {
      const config = this.values.lazy(raw);
      // A permission with a qualifier is on that version or alias only, not on the function invoked unqualified.
      const unqualified = arnByAttribute('aws_lambda_function', 'function_name', config.function_name);
      const functionArn = config.qualifier ? `${unqualified}:${config.qualifier}` : unqualified;
      // How Lambda writes a permission into the function policy (AddPermission): SourceArn as ArnLike,
      // SourceAccount as StringEquals. https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html
      const condition: Record<string, Record<string, string>> = {};
      if (config.source_arn) condition.ArnLike = { 'AWS:SourceArn': config.source_arn };
      if (config.source_account) condition.StringEquals = { 'AWS:SourceAccount': config.source_account };
      if (config.principal_org_id)
        condition.StringEquals = { ...condition.StringEquals, 'aws:PrincipalOrgID': config.principal_org_id };
      const principal = /^\d{12}$/.test(config.principal)
        ? { AWS: `arn:aws:iam::${config.principal}:root` }
        : config.principal.startsWith('arn:')
          ? { AWS: config.principal }
          : config.principal === '*'
            ? '*'
            : { Service: config.principal };
      this.addResourcePolicy(functionArn, {
        address: `aws_lambda_permission.${name}`,
        name: `aws_lambda_permission.${name}`,
        policy: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: config.statement_id ?? name,
              Effect: 'Allow',
              Principal: principal,
              Action: config.action,
              Resource: functionArn,
              ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
            },
          ],
        },
      });
    }
    for (const [name, raw] of Object.entries(this.values.resources('aws_cloudwatch_log_resource_policy'))) {
      const config = this.values.lazy(raw);
      const address = `aws_cloudwatch_log_resource_policy.${name}`;
      this.logResourcePolicies.push({ address, name: address, policy: asDocument(config.policy_document, address) });
    }
    for (const [name, raw] of Object.entries(this.values.resources('aws_vpc_endpoint_policy'))) {
      const config = this.values.lazy(raw);
      const address = `aws_vpc_endpoint_policy.${name}`;
      this.endpointPolicies.set(config.vpc_endpoint_id, {
        address,
        name: address,
        policy: asDocument(config.policy, address),
      });
    }
    for (const [name, raw] of Object.entries(this.values.resources('aws_vpc_endpoint'))) {
      const config = this.values.lazy(raw);
      if (config.policy === undefined) continue;
      const address = `aws_vpc_endpoint.${name}`;
      const id = this.attribute('aws_vpc_endpoint', name, 'id');
      this.endpointPolicies.set(id, { address, name: address, policy: asDocument(config.policy, address) });
    }
  }
}

/** Several policies on one resource act as one document (statements side by side). */
function merged(name: string, policies: readonly NamedPolicy[]): NamedPolicy {
  if (policies.length === 1) return policies[0];
  return { name, policy: { Version: '2012-10-17', Statement: policies.flatMap((p) => statementsOf(p.policy)) } };
}

export { statementsOf };
