import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/environment-config';
import type { StateConfig } from '../config/state-config';
import { ApiFunction } from '../constructs/api-function';
import { AppSecret } from '../constructs/app-secret';
import { Credentials } from '../constructs/credentials';
import { Database } from '../constructs/database';
import { FailoverDrill } from '../constructs/failover-drill';
import { DatabaseProxy } from '../constructs/database-proxy';
import { HttpApi } from '../constructs/http-api';
import { Monitoring } from '../constructs/monitoring';
import { Network } from '../constructs/network';
import { PlatformStack } from '../constructs/platform-stack';
import { SecretsManagerEndpoint } from '../constructs/secrets-manager-endpoint';
import { addAwsProvider, addEnvironmentBackend, type SynthVariant } from './stack-settings';

export interface EnvironmentStackProps {
  readonly config: EnvironmentConfig;
  readonly state: StateConfig;
  readonly variant: SynthVariant;
  /** Built Lambda bundles; @default `dist/apps/<app>` (tests may point at tiny stand-in folders). */
  readonly lambdaBundles?: { readonly apiLambda?: string; readonly rotationLambda?: string };
}

/**
 * One environment: API Gateway -> Lambda (isolated VPC) -> RDS Proxy -> RDS MySQL, credentials in Secrets Manager.
 * Constructs take their siblings and read region, account, names, keys and log retention from the stack; each one
 * declares its own grants and network flows (the flow matrix: `network.securityGroups.flowTable()`).
 */
export class EnvironmentStack extends PlatformStack {
  readonly network: Network;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: EnvironmentStackProps) {
    const { config, variant } = props;
    super(scope, id, config);
    addAwsProvider(this, variant, config);
    addEnvironmentBackend(this, variant, props.state, id);
    // Keys first: every construct below encrypts with them.
    void this.keys;

    const network = new Network(this, 'network', config);
    this.network = network;
    const secretsEndpoint = new SecretsManagerEndpoint(this, 'secrets-manager-endpoint', { network });
    const database = new Database(this, 'database', {
      ...config.database,
      network,
      monitoringIntervalSeconds: config.monitoring.enhancedMonitoringIntervalSeconds,
    });
    const appSecret = new AppSecret(this, 'app-secret');

    // THE SWITCH: the secret the proxy logs in to MySQL with. The app user's secret keeps the master out of the
    // Lambda path. To run on the RDS-managed master user instead, use `database.masterSecret` here (and, in iam
    // mode, make the Lambda's database user the master user).
    const proxyLoginSecret = appSecret;
    secretsEndpoint.allowSecrets(appSecret, database.masterSecret);

    const proxy = new DatabaseProxy(this, 'database-proxy', {
      ...config.proxy,
      database,
      secret: proxyLoginSecret,
      network,
      secretsEndpoint,
      authMode: config.authMode,
      callerTimeoutSeconds: config.lambda.timeoutSeconds,
    });
    const credentials = new Credentials(this, 'credentials', {
      network,
      appSecret,
      database,
      secretsEndpoint,
      appUsername: config.database.appUsername,
      automaticallyAfterDays: config.rotation.automaticallyAfterDays,
      rotationReservedConcurrency: config.rotation.reservedConcurrency,
      codeDirectory: props.lambdaBundles?.rotationLambda,
    });
    const apiFunction = new ApiFunction(this, 'api-function', {
      ...config.lambda,
      network,
      proxy,
      secretsEndpoint,
      authMode: config.authMode,
      appSecret,
      databaseUser: config.database.appUsername,
      codeDirectory: props.lambdaBundles?.apiLambda,
    });
    // Migrations run in bootstrap: the API code that reads the migrated schema goes live first.
    credentials.bootstrapAfter(apiFunction.resource);
    const httpApi = new HttpApi(this, 'http-api', {
      ...config.api,
      stageName: config.environment,
      handler: apiFunction,
    });

    // Every stateful resource and every function gets its alarms, all to one topic; the dashboard follows them.
    const monitoring = new Monitoring(this, 'monitoring', {
      thresholds: config.monitoring.alarms,
      alertEmails: config.monitoring.alertEmails,
      alertHttpsEndpoints: config.monitoring.alertHttpsEndpoints,
    });
    this.monitoring = monitoring;
    for (const watched of [httpApi, apiFunction, proxy, database, credentials]) {
      monitoring.addAlarms(watched.alarmDefinitions(monitoring.thresholds));
    }
    monitoring.subscribeToDatabaseEvents(database.instanceId);
    monitoring.notifyRotationFailures(appSecret.secretArn);
    const drill = config.monitoring.failoverDrill
      ? new FailoverDrill(this, 'failover-drill', { database, stopConditionAlarmArns: monitoring.criticalAlarmArns() })
      : undefined;

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
        description: `The endpoint that you can use to connect to the proxy (port ${proxy.port}, TLS)`,
      },
      proxy_arn: { value: proxy.arn, description: 'The Amazon Resource Name (ARN) for the proxy' },
      db_instance_endpoint: { value: database.endpoint, description: 'The connection endpoint (host:port)' },
      db_instance_address: { value: database.address, description: 'The address of the RDS instance' },
      db_instance_identifier: { value: database.instanceId, description: 'The RDS instance identifier' },
      db_master_secret_arn: {
        value: database.masterSecret.secretArn,
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
      alerts_topic_arn: { value: monitoring.topicArn, description: 'The ARN of the alerts topic (subscribe to it)' },
      alert_path_test_alarm_name: {
        value: monitoring.alertPathTestAlarmName,
        description: 'The alarm `failover-meter alert-path` sets to ALARM to prove that alarms reach a subscriber',
      },
      dashboard_name: { value: monitoring.dashboardName, description: 'The name of the CloudWatch dashboard' },
      ...(drill
        ? {
            fis_experiment_template_id: {
              value: drill.templateId,
              description: 'The AWS FIS experiment template that forces a Multi-AZ failover (failover-meter drill)',
            },
          }
        : {}),
    };
    for (const [name, output] of Object.entries(outputs)) new TerraformOutput(this, name, output);
  }
}
