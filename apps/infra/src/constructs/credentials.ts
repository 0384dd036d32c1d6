import { LambdaInvocation } from '@cdktf/provider-aws/lib/lambda-invocation';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SecretsmanagerSecretRotation } from '@cdktf/provider-aws/lib/secretsmanager-secret-rotation';
import { Fn, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { AppSecret } from './app-secret';
import type { PolicyStatement } from './iam-policy';
import { lambdaBundle } from './lambda-bundle';
import { VpcFunction } from './vpc-function';

export interface CredentialsProps {
  /** Prefix of the function names, e.g. `rdsp-dev` -> `rdsp-dev-secret-rotation`, `rdsp-dev-db-bootstrap`. */
  readonly namePrefix: string;
  /** App subnets: the functions reach the DB instance directly, and Secrets Manager through the endpoint. */
  readonly subnetIds: string[];
  /** The rotation SG: egress 3306 to the DB SG and 443 to the endpoint SG only. */
  readonly securityGroupId: string;
  /** Region and account of the subnets and security group (for the functions' network-interface grants). */
  readonly region: string;
  readonly accountId: string;
  readonly appSecret: Pick<AppSecret, 'secretArn' | 'rotateStatements' | 'initializeStatements'>;
  /** The RDS-managed master secret: only the bootstrap function may read it. */
  readonly masterSecretArn: string;
  /** The DB instance (not the proxy): rotation and bootstrap log in there directly. */
  readonly database: { readonly endpoint: string; readonly port: number; readonly databaseName: string };
  readonly appUsername: string;
  readonly automaticallyAfterDays: number;
  /** Reserved concurrency of the rotation function (`rotation.reservedConcurrency` in the config). */
  readonly rotationReservedConcurrency: number;
  readonly environmentKeyArn: string;
  readonly logsKeyArn: string;
  readonly logRetentionDays: number;
  /**
   * Ids of resources whose replacement must re-run the idempotent bootstrap (e.g. the Secrets Manager endpoint): they
   * join the invocation's triggers. Ordering comes from `bootstrapDependsOn`.
   */
  readonly bootstrapPrerequisiteIds?: string[];
  /**
   * What bootstrap's network path is made of (the rotation SG's rules, the DB and endpoint SGs' ingress from it, the
   * endpoint): the invocation `depends_on` them, so it never runs (and times out) before the path exists.
   */
  readonly bootstrapDependsOn?: ITerraformDependable[];
  /** @default `dist/apps/rotation-lambda` in the workspace */
  readonly codeDirectory?: string;
}

// GetRandomPassword acts on no resource, so IAM only accepts "*" for it: the one justified wildcard (issue 4).
const GENERATE_PASSWORDS: PolicyStatement = {
  Sid: 'GeneratePasswords',
  Effect: 'Allow',
  Action: ['secretsmanager:GetRandomPassword'],
  Resource: '*',
};

/**
 * App DB credentials without Terraform ever seeing a password (issue 4): an in-VPC bootstrap function, invoked once
 * per deploy, creates the app schema and DML-only user and writes the app secret's first version; the same bundle's
 * rotation handler rotates it on a schedule (Secrets Manager single-user rotation, seed 003).
 */
export class Credentials extends Construct {
  readonly rotationFunctionName: string;
  readonly rotationFunctionArn: string;
  readonly bootstrapFunctionName: string;

  constructor(scope: Construct, id: string, props: CredentialsProps) {
    super(scope, id);
    const code = lambdaBundle(this, 'code', 'rotation-lambda', props.codeDirectory);
    const common = {
      code,
      memoryMb: 256,
      subnetIds: props.subnetIds,
      securityGroupIds: [props.securityGroupId],
      region: props.region,
      accountId: props.accountId,
      environmentKeyArn: props.environmentKeyArn,
      logsKeyArn: props.logsKeyArn,
      logRetentionDays: props.logRetentionDays,
    };

    const rotation = new VpcFunction(this, 'rotation', {
      ...common,
      name: `${props.namePrefix}-secret-rotation`,
      description: 'Rotates the app DB user password (Secrets Manager single-user rotation)',
      handler: 'index.handler',
      timeoutSeconds: 60,
      reservedConcurrency: props.rotationReservedConcurrency,
      environment: { POWERTOOLS_SERVICE_NAME: `${props.namePrefix}-secret-rotation` },
      statements: [...props.appSecret.rotateStatements(), GENERATE_PASSWORDS],
    });

    const bootstrap = new VpcFunction(this, 'bootstrap', {
      ...common,
      name: `${props.namePrefix}-db-bootstrap`,
      description: 'Creates the app schema, DML-only user and first app secret version; runs migrations',
      handler: 'index.bootstrap',
      timeoutSeconds: 300,
      // One run at a time: Terraform invokes it once per deploy, and two runs would race on CREATE USER and on the
      // secret's first version.
      reservedConcurrency: 1,
      environment: { POWERTOOLS_SERVICE_NAME: `${props.namePrefix}-db-bootstrap` },
      statements: [
        ...props.appSecret.initializeStatements(),
        GENERATE_PASSWORDS,
        {
          Sid: 'ReadMasterSecret',
          Effect: 'Allow',
          Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
          Resource: props.masterSecretArn,
        },
      ],
    });

    // Names and addresses only: Terraform keeps the input and the result in state.
    const bootstrapInput = Fn.jsonencode({
      schema: props.database.databaseName,
      username: props.appUsername,
      appSecretArn: props.appSecret.secretArn,
      masterSecretArn: props.masterSecretArn,
      host: props.database.endpoint,
      port: props.database.port,
    });
    const invocation = new LambdaInvocation(this, 'bootstrap-invocation', {
      functionName: bootstrap.functionName,
      input: bootstrapInput,
      // A changed trigger replaces the resource, which invokes bootstrap again (it is idempotent).
      triggers: {
        input: Fn.sha256(bootstrapInput),
        code: bootstrap.sourceCodeHash,
        ...(props.bootstrapPrerequisiteIds ? { prerequisites: Fn.join(',', props.bootstrapPrerequisiteIds) } : {}),
      },
      dependsOn: props.bootstrapDependsOn,
    });

    const allowSecretsManager = new LambdaPermission(this, 'rotation-permission', {
      statementId: 'AllowSecretsManagerToRotateTheAppSecret',
      action: 'lambda:InvokeFunction',
      functionName: rotation.functionName,
      principal: 'secretsmanager.amazonaws.com',
      sourceArn: props.appSecret.secretArn,
    });

    new SecretsmanagerSecretRotation(this, 'rotation-schedule', {
      secretId: props.appSecret.secretArn,
      rotationLambdaArn: rotation.functionArn,
      rotationRules: { automaticallyAfterDays: props.automaticallyAfterDays },
      // Bootstrap has just written a fresh password; the first rotation follows the schedule
      // (`aws secretsmanager rotate-secret --secret-id …` rotates on demand).
      rotateImmediately: false,
      // Rotation needs an AWSCURRENT version (written by bootstrap) and permission to invoke the function.
      dependsOn: [invocation, allowSecretsManager],
    });

    this.rotationFunctionName = rotation.functionName;
    this.rotationFunctionArn = rotation.functionArn;
    this.bootstrapFunctionName = bootstrap.functionName;
  }
}
