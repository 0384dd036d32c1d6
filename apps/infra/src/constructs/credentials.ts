import { LambdaInvocation } from '@cdktf/provider-aws/lib/lambda-invocation';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SecretsmanagerSecretRotation } from '@cdktf/provider-aws/lib/secretsmanager-secret-rotation';
import { dependable, Fn, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { AlarmThresholds } from '../config/environment-config';
import type { AlarmDefinition } from './alarm-definitions';
import type { AppSecret } from './app-secret';
import type { Database } from './database';
import { lambdaBundle } from './lambda-bundle';
import type { Network } from './network';
import { PlatformStack } from './platform-stack';
import type { SecretsManagerEndpoint } from './secrets-manager-endpoint';
import type { Monitorable } from './monitoring';
import type { Connectable, Connections } from './security-groups';
import { VpcFunction } from './vpc-function';

export interface CredentialsProps {
  /** The functions run in the network's app subnets. */
  readonly network: Network;
  readonly appSecret: AppSecret;
  /** The DB instance (not the proxy): rotation and bootstrap log in there directly; only bootstrap reads its master secret. */
  readonly database: Database;
  /** Secrets Manager is reached through this endpoint only. */
  readonly secretsEndpoint: SecretsManagerEndpoint;
  /** The app user bootstrap creates and rotation rotates. */
  readonly appUsername: string;
  /** Days between scheduled rotations (Secrets Manager allows 1-1000). */
  readonly automaticallyAfterDays: number;
  /** Reserved concurrency of the rotation function (`rotation.reservedConcurrency` in the config). */
  readonly rotationReservedConcurrency: number;
  /** @default `dist/apps/rotation-lambda` in the workspace */
  readonly codeDirectory?: string;
}

/**
 * App DB credentials without Terraform ever seeing a password: an in-VPC bootstrap function, invoked once per
 * deploy, creates the app schema and DML-only user and writes the app secret's first version; the same bundle's
 * rotation handler rotates it on a schedule (Secrets Manager single-user rotation, seed 003). Both functions share
 * the rotation security group, which reaches the database and the Secrets Manager endpoint only.
 */
export class Credentials extends Construct implements Connectable, Monitorable {
  readonly rotationFunctionName: string;
  readonly rotationFunctionArn: string;
  readonly bootstrapFunctionName: string;
  readonly connections: Connections;
  private readonly invocation: LambdaInvocation;
  private readonly functions: { readonly rotation: VpcFunction; readonly bootstrap: VpcFunction };

  constructor(scope: Construct, id: string, props: CredentialsProps) {
    super(scope, id);
    const namePrefix = PlatformStack.of(this).settings.namePrefix;
    this.connections = props.network.securityGroups.create(
      'rotation',
      'Rotation Lambda: may reach the database and the Secrets Manager endpoint only',
    );
    const toDatabase = props.database.connections.allowDefaultPortFrom(
      this,
      'Rotation Lambda to database (sets the new password)',
    );
    const toEndpoint = props.secretsEndpoint.connections.allowDefaultPortFrom(
      this,
      'Rotation Lambda to Secrets Manager endpoint',
    );
    const code = lambdaBundle(this, 'code', 'rotation-lambda', props.codeDirectory);
    const common = { code, memoryMb: 256, network: props.network, securityGroup: this.connections };

    const rotation = new VpcFunction(this, 'rotation', {
      ...common,
      name: `${namePrefix}-secret-rotation`,
      description: 'Rotates the app DB user password (Secrets Manager single-user rotation)',
      handler: 'index.handler',
      timeoutSeconds: 60,
      reservedConcurrency: props.rotationReservedConcurrency,
      environment: { POWERTOOLS_SERVICE_NAME: `${namePrefix}-secret-rotation` },
    });
    props.appSecret.grantRotate(rotation);

    const bootstrap = new VpcFunction(this, 'bootstrap', {
      ...common,
      name: `${namePrefix}-db-bootstrap`,
      description: 'Creates the app schema, DML-only user and first app secret version; runs migrations',
      handler: 'index.bootstrap',
      timeoutSeconds: 300,
      // One run at a time: Terraform invokes it once per deploy, and two runs would race on CREATE USER and on the
      // secret's first version.
      reservedConcurrency: 1,
      environment: { POWERTOOLS_SERVICE_NAME: `${namePrefix}-db-bootstrap` },
    });
    props.appSecret.grantInitialize(bootstrap);
    props.database.masterSecret.grantRead(bootstrap);
    props.database.masterSecret.grantDescribe(bootstrap);

    // Names and addresses only: Terraform keeps the input and the result in state.
    const bootstrapInput = Fn.jsonencode({
      schema: props.database.databaseName,
      username: props.appUsername,
      appSecretArn: props.appSecret.secretArn,
      masterSecretArn: props.database.masterSecret.secretArn,
      host: props.database.address,
      port: props.database.port,
    });
    const invocation = new LambdaInvocation(this, 'bootstrap-invocation', {
      functionName: bootstrap.functionName,
      input: bootstrapInput,
      // A changed trigger replaces the resource, which invokes bootstrap again (it is idempotent).
      triggers: {
        input: Fn.sha256(bootstrapInput),
        code: bootstrap.sourceCodeHash,
        // Bootstrap reaches Secrets Manager only through the endpoint: a new endpoint runs it again.
        prerequisites: Fn.join(',', [props.secretsEndpoint.endpointId]),
      },
      // Its network path (the rotation group's rules, the DB and endpoint groups' ingress from it, the endpoint)
      // must exist first, or the invocation times out.
      dependsOn: [
        toDatabase.egress,
        toDatabase.ingress,
        toEndpoint.egress,
        toEndpoint.ingress,
        props.secretsEndpoint.endpoint,
        props.secretsEndpoint.policy,
      ],
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

    this.functions = { rotation, bootstrap };
    this.invocation = invocation;
    this.rotationFunctionName = rotation.functionName;
    this.rotationFunctionArn = rotation.functionArn;
    this.bootstrapFunctionName = bootstrap.functionName;
  }

  /**
   * Runs bootstrap (and so the schema migrations) only after these exist or are updated: e.g. the API function, whose
   * new code must be live before a migration changes what the old code reads.
   */
  bootstrapAfter(...dependencies: ITerraformDependable[]): void {
    this.invocation.dependsOn = [...(this.invocation.dependsOn ?? []), ...dependencies.map(dependable)];
  }

  /** Both functions' alarms, in the dashboard's rotation row. */
  alarmDefinitions(thresholds: AlarmThresholds): AlarmDefinition[] {
    return [
      ...this.functions.rotation.alarmDefinitions('rotation', 'rotation', thresholds),
      ...this.functions.bootstrap.alarmDefinitions('bootstrap', 'rotation', thresholds),
    ];
  }
}
