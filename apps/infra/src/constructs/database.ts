import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { Construct } from 'constructs';
import { engineLifecycleSupport, parameterGroupFamily } from '../config/engine-version';
import type { DatabaseConfig } from '../config/environment-config';
import { grantSecretValueRead } from './app-secret';
import type { CustomerManagedKey } from './encryption-keys';
import type { AlarmThresholds } from '../config/environment-config';
import { type AlarmDefinition, databaseAlarms, maxConnections } from './alarm-definitions';
import { grant, type Grant, type Grantee, ServiceRole } from './grants';
import type { Monitorable } from './monitoring';
import { encryptedLogGroupSettings } from './log-group';
import type { Network } from './network';
import { PlatformStack } from './platform-stack';
import { type Connectable, type Connections, MYSQL_PORT } from './security-groups';

export interface DatabaseProps extends Omit<DatabaseConfig, 'appUsername'> {
  /** The instance sits in the network's data subnets (one per AZ, at least two for Multi-AZ). */
  readonly network: Network;
  /** @default `<namePrefix>-mysql`; also names the subnet group, parameter group and log groups */
  readonly identifier?: string;
  /** @default 'admin' (its password is generated, stored and rotated by RDS in Secrets Manager) */
  readonly masterUsername?: string;
  /** Enhanced Monitoring (OS metrics) every N seconds; 0 turns it off. @default 60 */
  readonly monitoringIntervalSeconds?: number;
}

/** The master user's secret, which RDS creates, encrypts with our secrets key and rotates itself. */
export class RdsManagedSecret {
  constructor(
    readonly secretArn: string,
    private readonly key: CustomerManagedKey,
  ) {}

  /** Read the master secret's value (GetSecretValue on it only), and decrypt it through Secrets Manager. */
  grantRead(grantee: Grantee): Grant {
    return grantSecretValueRead(grantee, 'ReadMasterSecret', this.secretArn, this.key);
  }

  /** Describe the master secret (its rotation state and version labels), without its value. */
  grantDescribe(grantee: Grantee): Grant {
    return grant(grantee, {
      Sid: 'DescribeMasterSecret',
      Effect: 'Allow',
      Action: ['secretsmanager:DescribeSecret'],
      Resource: this.secretArn,
    });
  }
}

/** Log types exported to CloudWatch Logs (the seed lab's "log exports"). */
/**
 * The CA that signs the instance's server certificate, pinned so that it never follows a changed account default.
 * The rotation function trusts this CA's roots and no other (libs/db-client trusted-roots; the bundle spec in
 * repo-checks ties the two together).
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html#UsingWithRDS.SSL.RegionCertificateAuthorities
 */
export const DATABASE_CA_IDENTIFIER = 'rds-ca-rsa2048-g1';

export const DATABASE_LOG_EXPORTS = ['error', 'slowquery'] as const;

/**
 * RDS for MySQL (8.4 unless the config opts into 8.0) in the data subnets (seed 003's Multi-AZ + encryption lab).
 * RDS manages the master password (`manage_master_user_password`): it lives only in a Secrets Manager secret
 * encrypted with our CMK, never in config, plan or state. TLS is enforced by the parameter group.
 */
export class Database extends Construct implements Connectable, Monitorable {
  readonly instanceId: string;
  readonly instanceArn: string;
  readonly instanceResourceId: string;
  /** Host name of the instance, without the port (the provider's `address`). */
  readonly address: string;
  /** `address:port` (the provider's and RDS's `endpoint`). */
  readonly endpoint: string;
  readonly port: number;
  /** The RDS-managed master user secret. */
  readonly masterSecret: RdsManagedSecret;
  readonly databaseName: string;
  /** The configured engine version (`8.4`, `8.0.40`): the proxy derives its client authentication from it. */
  readonly engineVersion: string;
  /** The database's security group: clients open their path with `connections.allowDefaultPortFrom`. */
  readonly connections: Connections;
  private readonly watched: {
    readonly instanceClass: string;
    readonly allocatedStorageGb: number;
    readonly maxAllocatedStorageGb: number;
  };

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const stack = PlatformStack.of(this);
    const keys = stack.keys;
    const family = parameterGroupFamily(props.engineVersion);
    const identifier = props.identifier ?? stack.resourceName('mysql');
    this.connections = props.network.securityGroups.create(
      'database',
      'RDS MySQL: admits the proxy and the rotation Lambda only',
      MYSQL_PORT,
    );

    const subnetGroup = new DbSubnetGroup(this, 'subnet-group', {
      name: identifier,
      description: `Data subnets of ${identifier}`,
      subnetIds: props.network.dataSubnetIds,
    });

    const parameterGroup = new DbParameterGroup(this, 'parameter-group', {
      name: identifier,
      family,
      description: `TLS-only ${family} settings of ${identifier}`,
      // The same settings on mysql8.0 and mysql8.4: each is a dynamic MySQL 8.4 system variable
      // (https://dev.mysql.com/doc/refman/8.4/en/server-system-variables.html), and the RDS pages cited below set
      // them through a custom DB parameter group with no exception for 8.4.
      parameter: [
        // Refuses every unencrypted connection, so a client that forgets TLS fails instead of leaking. RDS for MySQL
        // 8.4 and lower default it to 0 (OFF); it changes without a reboot
        // (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mysql-ssl-connections.require-ssl.html).
        { name: 'require_secure_transport', value: '1' },
        // Feed the slowquery log export: RDS needs slow_query_log = 1 and log_output = FILE (its default is TABLE)
        // to publish the slow query log; long_query_time defaults to 10 s.
        // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.MySQLDB.PublishtoCloudWatchLogs.html
        // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.MySQL.LogFileSize.html
        // https://dev.mysql.com/doc/refman/8.4/en/slow-query-log.html
        { name: 'slow_query_log', value: '1' },
        { name: 'long_query_time', value: '1' },
        { name: 'log_output', value: 'FILE' },
        // A number we control, below AWS's own default for the class, so the DB connections alarm is a reachable
        // share of it (alarm-definitions.ts, maxConnections).
        // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.MaxConnections
        { name: 'max_connections', value: String(maxConnections(props.instanceClass)) },
      ],
    });

    // RDS would create these groups itself on first export, unencrypted and kept forever: create them first.
    // Plain resources (not EncryptedLogGroup) because the instance must `depends_on` them.
    const logGroups = DATABASE_LOG_EXPORTS.map(
      (logType) =>
        new CloudwatchLogGroup(
          this,
          `log-group-${logType}`,
          encryptedLogGroupSettings(this, `/aws/rds/instance/${identifier}/${logType}`),
        ),
    );

    const insights = performanceInsights(props.instanceClass, keys.database.arn);
    const monitoring = this.enhancedMonitoring(identifier, props.monitoringIntervalSeconds ?? 60);
    const instance = new DbInstance(this, 'instance', {
      identifier: identifier,
      engine: 'mysql',
      engineVersion: props.engineVersion,
      engineLifecycleSupport: engineLifecycleSupport(props.engineVersion, props.extendedSupport),
      instanceClass: props.instanceClass,
      allocatedStorage: props.allocatedStorageGb,
      maxAllocatedStorage: props.maxAllocatedStorageGb,
      storageType: 'gp3',
      dbName: props.databaseName,
      username: props.masterUsername ?? 'admin',
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: keys.secrets.arn,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [this.connections.securityGroupId],
      parameterGroupName: parameterGroup.name,
      publiclyAccessible: false,
      multiAz: props.multiAz,
      storageEncrypted: true,
      kmsKeyId: keys.database.arn,
      caCertIdentifier: DATABASE_CA_IDENTIFIER,
      backupRetentionPeriod: props.backupRetentionDays,
      copyTagsToSnapshot: true,
      deletionProtection: props.deletionProtection,
      skipFinalSnapshot: !props.deletionProtection,
      finalSnapshotIdentifier: props.deletionProtection ? `${identifier}-final` : undefined,
      // The provider deletes automated backups with the instance by default; a protected database keeps them.
      deleteAutomatedBackups: !props.deletionProtection,
      ...insights,
      monitoringInterval: monitoring.interval,
      monitoringRoleArn: monitoring.role?.roleArn,
      enabledCloudwatchLogsExports: [...DATABASE_LOG_EXPORTS],
      autoMinorVersionUpgrade: true,
      // No blue_green_update: RDS Blue/Green Deployments don't support a master password managed in Secrets Manager
      // (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/blue-green-deployments-considerations.html, general
      // limitations; https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html, limitations),
      // and this instance always has one. With it the provider would route every later change of class, storage,
      // engine or parameter group through CreateBlueGreenDeployment, which RDS refuses here. A major upgrade of a
      // running instance follows the README runbook instead.
      dependsOn: [...logGroups, ...(monitoring.role ? [monitoring.role.policy] : [])],
    });
    if (!insights.performanceInsightsEnabled) {
      // Declared only when PI is off, so the plan review keeps checking every class that has it (plan-review
      // suppression convention: Terraform ignores `//` keys).
      instance.addOverride('//.review_suppress', [
        {
          rule: 'CKV_AWS_353',
          reason: `RDS for MySQL offers no Performance Insights on ${props.instanceClass} (AWS docs, USER_PerfInsights.Overview.Engines); a db.t4g.medium or larger class gets it`,
        },
      ]);
    }

    this.instanceId = instance.identifier;
    this.instanceArn = instance.arn;
    this.instanceResourceId = instance.resourceId;
    this.address = instance.address;
    this.endpoint = instance.endpoint;
    this.port = instance.port;
    this.masterSecret = new RdsManagedSecret(instance.masterUserSecret.get(0).secretArn, keys.secrets);
    this.databaseName = props.databaseName;
    this.engineVersion = props.engineVersion;
    this.watched = {
      instanceClass: props.instanceClass,
      allocatedStorageGb: props.allocatedStorageGb,
      maxAllocatedStorageGb: props.maxAllocatedStorageGb,
    };
  }

  /** CPU, freeable memory, free storage (autoscaling-aware) and connections against the max_connections we set. */
  alarmDefinitions(thresholds: AlarmThresholds): AlarmDefinition[] {
    return databaseAlarms({ instanceId: this.instanceId, ...this.watched }, thresholds);
  }

  /**
   * Enhanced Monitoring's own role, as the managed AmazonRDSEnhancedMonitoringRole grants it but scoped to this
   * account and region, assumable by RDS monitoring only for this instance.
   * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Monitoring.OS.Enabling.html
   */
  private enhancedMonitoring(identifier: string, interval: number): { interval: number; role?: ServiceRole } {
    if (interval === 0) return { interval };
    const stack = PlatformStack.of(this);
    const role = new ServiceRole(this, {
      name: `${identifier}-monitoring`,
      description: `RDS Enhanced Monitoring of ${identifier}: writes OS metrics to RDSOSMetrics`,
      assumedBy: 'monitoring.rds.amazonaws.com',
      policyName: 'write-os-metrics',
      trustConditions: {
        StringEquals: { 'aws:SourceAccount': stack.settings.accountId },
        ArnLike: { 'aws:SourceArn': stack.arn('rds', `db:${identifier}`) },
      },
      ids: { role: 'monitoring-role', policy: 'monitoring-policy' },
    });
    // RDS writes OS metrics to the account's RDSOSMetrics log group, which it creates itself.
    const osMetrics = stack.arn('logs', 'log-group:RDSOSMetrics');
    role.addToPolicy({
      Sid: 'ManageOsMetricsLogGroup',
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:PutRetentionPolicy'],
      Resource: osMetrics,
    });
    role.addToPolicy({
      Sid: 'WriteOsMetrics',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams', 'logs:GetLogEvents'],
      Resource: `${osMetrics}:log-stream:*`,
    });
    return { interval, role };
  }
}

// RDS for MySQL offers no Performance/Database Insights on db.t2/t3/t4g micro and small (AWS docs,
// USER_DatabaseInsights.Engines): asking for it there fails the apply.
const CLASSES_WITHOUT_PERFORMANCE_INSIGHTS = /^db\.t[234]g?\.(micro|small)$/;

/** Performance Insights encrypted with the database key (7 days are free), where the instance class supports it. */
export function performanceInsights(instanceClass: string, databaseKeyArn: string) {
  if (CLASSES_WITHOUT_PERFORMANCE_INSIGHTS.test(instanceClass)) {
    return { performanceInsightsEnabled: false };
  }
  return {
    performanceInsightsEnabled: true,
    performanceInsightsKmsKeyId: databaseKeyArn,
    performanceInsightsRetentionPeriod: 7,
  };
}
