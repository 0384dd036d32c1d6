import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/environment-config';
import type { StateConfig } from '../config/state-config';
import { ApiFunction } from '../constructs/api-function';
import { AppSecret } from '../constructs/app-secret';
import { Credentials } from '../constructs/credentials';
import { Database } from '../constructs/database';
import { DatabaseProxy } from '../constructs/database-proxy';
import { HttpApi } from '../constructs/http-api';
import { EncryptionKeys } from '../constructs/kms';
import { Network } from '../constructs/network';
import { SecretsManagerEndpoint } from '../constructs/secrets-manager-endpoint';
import { SecurityGroups } from '../constructs/security-groups';
import { addAwsProvider, addEnvironmentBackend, type SynthVariant } from './stack-settings';

export interface EnvironmentStackProps {
  readonly config: EnvironmentConfig;
  readonly state: StateConfig;
  readonly variant: SynthVariant;
  /** Built Lambda bundles; @default `dist/apps/<app>` (tests may point at tiny stand-in folders). */
  readonly lambdaBundles?: { readonly apiLambda?: string; readonly rotationLambda?: string };
}

/** One environment: API Gateway -> Lambda (isolated VPC) -> RDS Proxy -> RDS MySQL, credentials in Secrets Manager. */
export class EnvironmentStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    super(scope, id);
    const { config, variant } = props;
    addAwsProvider(this, variant, config);
    addEnvironmentBackend(this, variant, props.state, id);

    const keys = new EncryptionKeys(this, 'encryption-keys', config);
    const network = new Network(this, 'network', {
      ...config,
      flowLogRetentionDays: config.logRetentionDays,
      logsKeyArn: keys.logs.arn,
    });
    const securityGroups = new SecurityGroups(this, 'security-groups', {
      namePrefix: config.namePrefix,
      vpcId: network.vpcId,
    });
    const secretsManagerEndpoint = new SecretsManagerEndpoint(this, 'secrets-manager-endpoint', {
      namePrefix: config.namePrefix,
      region: config.region,
      vpcId: network.vpcId,
      subnetIds: network.endpointSubnetIds,
      securityGroupId: securityGroups.endpointSecurityGroupId,
    });

    const database = new Database(this, 'database', {
      ...config.database,
      identifier: `${config.namePrefix}-mysql`,
      subnetIds: network.dataSubnetIds,
      securityGroupId: securityGroups.databaseSecurityGroupId,
      databaseKeyArn: keys.database.arn,
      secretsKeyArn: keys.secrets.arn,
      logsKeyArn: keys.logs.arn,
      logRetentionDays: config.logRetentionDays,
    });
    const appSecret = new AppSecret(this, 'app-secret', {
      name: `${config.namePrefix}/db/app`,
      secretsKeyArn: keys.secrets.arn,
      region: config.region,
    });

    // THE SWITCH: the secret the proxy logs in to MySQL with. The app user's secret (issue 4) keeps the master out
    // of the Lambda path. To run on the RDS-managed master user instead, use `database.masterSecretArn` here (and,
    // in iam mode, make the Lambda's database user the master user).
    const proxyLoginSecretArn = appSecret.secretArn;

    const proxy = new DatabaseProxy(this, 'database-proxy', {
      ...config.proxy,
      name: `${config.namePrefix}-proxy`,
      region: config.region,
      subnetIds: network.dataSubnetIds,
      securityGroupId: securityGroups.proxySecurityGroupId,
      dbInstanceIdentifier: database.instanceId,
      authSecretArn: proxyLoginSecretArn,
      secretsKeyArn: keys.secrets.arn,
      authMode: config.authMode,
      callerTimeoutSeconds: config.lambda.timeoutSeconds,
    });
    const credentials = new Credentials(this, 'credentials', {
      namePrefix: config.namePrefix,
      subnetIds: network.appSubnetIds,
      securityGroupId: securityGroups.rotationSecurityGroupId,
      region: config.region,
      accountId: config.accountId,
      appSecret,
      masterSecretArn: database.masterSecretArn,
      database,
      appUsername: config.database.appUsername,
      automaticallyAfterDays: config.rotation.automaticallyAfterDays,
      rotationReservedConcurrency: config.rotation.reservedConcurrency,
      environmentKeyArn: keys.secrets.arn,
      logsKeyArn: keys.logs.arn,
      logRetentionDays: config.logRetentionDays,
      // Bootstrap reaches Secrets Manager only through the endpoint.
      bootstrapPrerequisiteIds: [secretsManagerEndpoint.endpointId],
      bootstrapDependsOn: [
        securityGroups.rotationFlows.database.egress,
        securityGroups.rotationFlows.database.ingress,
        securityGroups.rotationFlows.endpoint.egress,
        securityGroups.rotationFlows.endpoint.ingress,
        secretsManagerEndpoint.endpoint,
      ],
      codeDirectory: props.lambdaBundles?.rotationLambda,
    });
    const apiFunction = new ApiFunction(this, 'api-function', {
      ...config.lambda,
      name: `${config.namePrefix}-api`,
      subnetIds: network.appSubnetIds,
      securityGroupId: securityGroups.lambdaSecurityGroupId,
      region: config.region,
      accountId: config.accountId,
      proxy,
      databaseName: config.database.databaseName,
      authMode: config.authMode,
      appSecret,
      databaseUser: config.database.appUsername,
      proxyIdleClientTimeoutSeconds: config.proxy.idleClientTimeoutSeconds,
      environmentKeyArn: keys.secrets.arn,
      logsKeyArn: keys.logs.arn,
      logRetentionDays: config.logRetentionDays,
      codeDirectory: props.lambdaBundles?.apiLambda,
    });
    const httpApi = new HttpApi(this, 'http-api', {
      ...config.api,
      name: `${config.namePrefix}-http-api`,
      stageName: config.environment,
      handler: apiFunction,
      logsKeyArn: keys.logs.arn,
      logRetentionDays: config.logRetentionDays,
    });

    const outputs: Record<string, { value: string | string[]; description: string }> = {
      vpc_id: { value: network.vpcId, description: 'The ID of the VPC' },
      app_subnet_ids: {
        value: network.appSubnetIds,
        description: 'The IDs of the isolated subnets the Lambdas run in',
      },
      api_url: {
        value: httpApi.stageInvokeUrl,
        description: 'The URL to invoke the API pointing to the stage (try GET <api_url>/time)',
      },
      api_id: { value: httpApi.apiId, description: 'The ID of the HTTP API' },
      api_function_name: { value: apiFunction.functionName, description: 'The name of the API Lambda Function' },
      proxy_endpoint: {
        value: proxy.endpoint,
        description: 'The endpoint that you can use to connect to the proxy (port 3306, TLS)',
      },
      proxy_arn: { value: proxy.arn, description: 'The Amazon Resource Name (ARN) for the proxy' },
      db_instance_endpoint: { value: database.connectionEndpoint, description: 'The connection endpoint (host:port)' },
      db_instance_address: { value: database.endpoint, description: 'The address of the RDS instance' },
      db_instance_identifier: { value: database.instanceId, description: 'The RDS instance identifier' },
      db_master_secret_arn: {
        value: database.masterSecretArn,
        description: 'The ARN of the master user secret, managed by RDS (used only by the bootstrap function)',
      },
      app_secret_arn: { value: appSecret.secretArn, description: 'The ARN of the app user secret, rotated in the VPC' },
      rotation_function_name: {
        value: credentials.rotationFunctionName,
        description: 'The name of the rotation Lambda',
      },
      bootstrap_function_name: {
        value: credentials.bootstrapFunctionName,
        description: 'The name of the bootstrap Lambda (run once per deploy by Terraform)',
      },
    };
    for (const [name, output] of Object.entries(outputs)) new TerraformOutput(this, name, output);
  }
}
