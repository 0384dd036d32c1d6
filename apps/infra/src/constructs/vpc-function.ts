import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { Fn, type TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import type { AlarmThresholds } from '../config/environment-config';
import { LAMBDA_NODE_RUNTIME } from '../config/node-runtime';
import { type AlarmDefinition, functionAlarms, type Layer } from './alarm-definitions';
import { type Grantee, type PolicyStatement, ServiceRole } from './grants';
import { EncryptedLogGroup } from './log-group';
import type { Network } from './network';
import { PlatformStack } from './platform-stack';
import type { Connectable, Connections } from './security-groups';

export interface VpcFunctionProps {
  /** Function name; also names its role and its log group `/aws/lambda/<name>`. */
  readonly name: string;
  readonly description: string;
  /** The packed bundle (`lambdaBundle`); its content hash is the function's `source_code_hash`. */
  readonly code: TerraformAsset;
  /** e.g. `index.handler` */
  readonly handler: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  /** @default no reservation */
  readonly reservedConcurrency?: number;
  /** The function runs in the network's app subnets. */
  readonly network: Network;
  /** The function's security group (`network.securityGroups.create(...)`); functions of one role may share one. */
  readonly securityGroup: Connections;
  /** Non-secret settings only: Terraform stores them in plan and state. */
  readonly environment: Record<string, string>;
}

/**
 * What Lambda does with the execution role to place the function in its subnets (Hyperplane ENIs), instead of the
 * managed AWSLambdaVPCAccessExecutionRole, which grants these and logs:* on `*`. Same actions as its v3.
 */
function networkInterfaceStatements(
  stack: PlatformStack,
  subnetIds: readonly string[],
  securityGroupIds: readonly string[],
): PolicyStatement[] {
  const ec2Arn = (resource: string) => stack.arn('ec2', resource);
  const networkInterfaces = ec2Arn('network-interface/*');
  return [
    {
      // Describe* calls act on no resource: IAM accepts only "*" (the Lambda guide says so for
      // DescribeNetworkInterfaces; the Service Authorization Reference lists no resource type for either).
      Sid: 'DescribeNetwork',
      Effect: 'Allow',
      Action: ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets'],
      Resource: '*',
    },
    {
      // CreateNetworkInterface is authorized on the new interface, the subnet and each security group: only the
      // function's own subnets and groups. The interface ARN can't be known before it exists, hence `/*`.
      Sid: 'CreateNetworkInterfacesInOwnSubnets',
      Effect: 'Allow',
      Action: ['ec2:CreateNetworkInterface'],
      Resource: [
        networkInterfaces,
        ...subnetIds.map((id) => ec2Arn(`subnet/${id}`)),
        ...securityGroupIds.map((id) => ec2Arn(`security-group/${id}`)),
      ],
    },
    {
      // Interfaces Lambda created get ids only at runtime, so the resource is `network-interface/*`; the
      // network-interface resource type carries the subnet it sits in (condition key ec2:Subnet, Service
      // Authorization Reference: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html),
      // so the role manages interfaces in its own subnets only, not every interface of the account.
      Sid: 'ManageNetworkInterfacesInOwnSubnets',
      Effect: 'Allow',
      Action: ['ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
      Resource: networkInterfaces,
      Condition: { ArnEquals: { 'ec2:Subnet': subnetIds.map((id) => ec2Arn(`subnet/${id}`)) } },
    },
  ];
}

/**
 * A Lambda function inside the isolated VPC: the project's Node major (nodejs22.x, config/node-runtime.ts) on arm64 (Graviton: cheaper per ms), active X-Ray tracing,
 * its own encrypted log group with retention, and its own role that may write only to that log group and create
 * network interfaces only in its own subnets and security groups.
 * Shared by the API function and the credentials functions so they differ only in code, settings and grants.
 */
export class VpcFunction extends Construct implements Grantee, Connectable {
  readonly functionName: string;
  readonly functionArn: string;
  readonly invokeArn: string;
  readonly roleName: string;
  readonly roleArn: string;
  readonly sourceCodeHash: string;
  readonly logGroupName: string;
  readonly connections: Connections;
  /** The function resource, for `dependsOn`. */
  readonly resource: LambdaFunction;
  private readonly role: ServiceRole;
  private readonly timeoutSeconds: number;
  private readonly reservedConcurrency?: number;

  constructor(scope: Construct, id: string, props: VpcFunctionProps) {
    super(scope, id);
    const stack = PlatformStack.of(this);
    this.connections = props.securityGroup;
    this.timeoutSeconds = props.timeoutSeconds;
    this.reservedConcurrency = props.reservedConcurrency;
    const subnetIds = props.network.appSubnetIds;
    const securityGroupIds = [props.securityGroup.securityGroupId];
    const logGroup = new EncryptedLogGroup(this, 'log-group', { name: `/aws/lambda/${props.name}` });

    this.role = new ServiceRole(this, {
      name: props.name,
      description: `Execution role of the ${props.name} Lambda function`,
      assumedBy: 'lambda.amazonaws.com',
      policyName: `${props.name}-runtime`,
    });
    const baseStatements: PolicyStatement[] = [
      {
        Sid: 'WriteOwnLogGroup',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: `${logGroup.arn}:*`,
      },
      ...networkInterfaceStatements(stack, subnetIds, securityGroupIds),
      {
        // X-Ray's trace APIs have no resource to scope to: AWS documents "*" as the only valid resource.
        Sid: 'SendTraces',
        Effect: 'Allow',
        Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
        Resource: '*',
      },
    ];
    baseStatements.forEach((statement) => this.role.addToPolicy(statement));

    const lambda = new LambdaFunction(this, 'function', {
      functionName: props.name,
      description: props.description,
      role: this.role.roleArn,
      runtime: LAMBDA_NODE_RUNTIME,
      architectures: ['arm64'],
      handler: props.handler,
      filename: props.code.path,
      sourceCodeHash: Fn.filebase64sha256(props.code.path),
      memorySize: props.memoryMb,
      timeout: props.timeoutSeconds,
      reservedConcurrentExecutions: props.reservedConcurrency,
      vpcConfig: { subnetIds, securityGroupIds },
      tracingConfig: { mode: 'Active' },
      loggingConfig: { logFormat: 'JSON', logGroup: logGroup.name },
      // Lambda encrypts the environment variables at rest with the stack's secrets key.
      kmsKeyArn: stack.keys.secrets.arn,
      environment: { variables: props.environment },
      // The role must be able to create ENIs and write logs before the function first starts.
      dependsOn: [this.role.policy],
    });

    this.functionName = lambda.functionName;
    this.functionArn = lambda.arn;
    this.invokeArn = lambda.invokeArn;
    this.roleName = this.role.roleName;
    this.roleArn = this.role.roleArn;
    this.sourceCodeHash = lambda.sourceCodeHash;
    this.logGroupName = logGroup.name;
    this.resource = lambda;
  }

  /** Errors, throttles, p99 duration against the timeout, and concurrency against the reservation. */
  alarmDefinitions(shortName: string, layer: Layer, thresholds: AlarmThresholds): AlarmDefinition[] {
    return functionAlarms(
      {
        functionName: this.functionName,
        shortName,
        layer,
        timeoutSeconds: this.timeoutSeconds,
        reservedConcurrency: this.reservedConcurrency,
      },
      thresholds,
    );
  }

  /** Adds a statement to the function's runtime policy (grants call this; see `Grantee`). */
  addToPolicy(statement: PolicyStatement): void {
    this.role.addToPolicy(statement);
  }
}
