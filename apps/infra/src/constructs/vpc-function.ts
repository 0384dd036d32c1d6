import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { Fn, type TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { assumeRolePolicy, policyDocument, PolicyStatement } from './iam-policy';
import { EncryptedLogGroup } from './log-group';

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
  readonly subnetIds: string[];
  readonly securityGroupIds: string[];
  /** Region and account of the subnets and security groups: the network-interface grants name only their ARNs. */
  readonly region: string;
  readonly accountId: string;
  /** Non-secret settings only: Terraform stores them in plan and state. */
  readonly environment: Record<string, string>;
  /** CMK for the environment variables at rest. */
  readonly environmentKeyArn: string;
  readonly logsKeyArn: string;
  readonly logRetentionDays: number;
  /** What the function's code needs beyond logging and tracing. */
  readonly statements: PolicyStatement[];
}

/**
 * What Lambda does with the execution role to place the function in its subnets (Hyperplane ENIs), instead of the
 * managed AWSLambdaVPCAccessExecutionRole, which grants these and logs:* on `*`. Same actions as its v3.
 */
function networkInterfaceStatements(props: VpcFunctionProps): PolicyStatement[] {
  const ec2Arn = (resource: string) => `arn:aws:ec2:${props.region}:${props.accountId}:${resource}`;
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
        ...props.subnetIds.map((id) => ec2Arn(`subnet/${id}`)),
        ...props.securityGroupIds.map((id) => ec2Arn(`security-group/${id}`)),
      ],
    },
    {
      // Interfaces Lambda created get ids only at runtime: scoped to this account and region.
      Sid: 'ManageNetworkInterfaces',
      Effect: 'Allow',
      Action: ['ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
      Resource: networkInterfaces,
    },
  ];
}

/**
 * A Lambda function inside the isolated VPC: nodejs22.x on arm64 (Graviton: cheaper per ms), active X-Ray tracing,
 * its own encrypted log group with retention, and its own role that may write only to that log group and create
 * network interfaces only in its own subnets and security groups.
 * Shared by the API function and the credentials functions so they differ only in code, settings and grants.
 */
export class VpcFunction extends Construct {
  readonly functionName: string;
  readonly functionArn: string;
  readonly invokeArn: string;
  readonly roleName: string;
  readonly roleArn: string;
  readonly sourceCodeHash: string;
  readonly logGroupName: string;

  constructor(scope: Construct, id: string, props: VpcFunctionProps) {
    super(scope, id);
    const logGroup = new EncryptedLogGroup(this, 'log-group', {
      name: `/aws/lambda/${props.name}`,
      retentionDays: props.logRetentionDays,
      kmsKeyArn: props.logsKeyArn,
    });

    const role = new IamRole(this, 'role', {
      name: props.name,
      description: `Execution role of the ${props.name} Lambda function`,
      assumeRolePolicy: assumeRolePolicy('lambda.amazonaws.com'),
    });
    const policy = new IamRolePolicy(this, 'policy', {
      role: role.name,
      name: `${props.name}-runtime`,
      policy: policyDocument([
        {
          Sid: 'WriteOwnLogGroup',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: `${logGroup.arn}:*`,
        },
        ...networkInterfaceStatements(props),
        {
          // X-Ray's trace APIs have no resource to scope to: AWS documents "*" as the only valid resource.
          Sid: 'SendTraces',
          Effect: 'Allow',
          Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
          Resource: '*',
        },
        ...props.statements,
      ]),
    });

    const lambda = new LambdaFunction(this, 'function', {
      functionName: props.name,
      description: props.description,
      role: role.arn,
      runtime: 'nodejs22.x',
      architectures: ['arm64'],
      handler: props.handler,
      filename: props.code.path,
      sourceCodeHash: Fn.filebase64sha256(props.code.path),
      memorySize: props.memoryMb,
      timeout: props.timeoutSeconds,
      reservedConcurrentExecutions: props.reservedConcurrency,
      vpcConfig: { subnetIds: props.subnetIds, securityGroupIds: props.securityGroupIds },
      tracingConfig: { mode: 'Active' },
      loggingConfig: { logFormat: 'JSON', logGroup: logGroup.name },
      kmsKeyArn: props.environmentKeyArn,
      environment: { variables: props.environment },
      // The role must be able to create ENIs and write logs before the function first starts.
      dependsOn: [policy],
    });

    this.functionName = lambda.functionName;
    this.functionArn = lambda.arn;
    this.invokeArn = lambda.invokeArn;
    this.roleName = role.name;
    this.roleArn = role.arn;
    this.sourceCodeHash = lambda.sourceCodeHash;
    this.logGroupName = logGroup.name;
  }
}
