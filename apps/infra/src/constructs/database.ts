import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import { Construct } from 'constructs';

export interface DatabaseProps {
  /** DB instance identifier, e.g. `rds-platform-dev-mysql`; also names the subnet group, parameter group and logs. */
  readonly identifier: string;
  /** The data-tier subnets (one per AZ, at least two for Multi-AZ). */
  readonly subnetIds: string[];
  readonly securityGroupId: string;
  /** MySQL engine version, `8.0` or a full `8.0.x`; the parameter group family follows it. */
  readonly engineVersion: string;
  readonly instanceClass: string;
  readonly allocatedStorageGb: number;
  /** Upper bound for storage autoscaling. */
  readonly maxAllocatedStorageGb: number;
  readonly multiAz: boolean;
  /** Also keeps a final snapshot on destroy (prod); without it the instance can be torn down cleanly (dev). */
  readonly deletionProtection: boolean;
  readonly backupRetentionDays: number;
  /** The app schema created with the instance. */
  readonly databaseName: string;
  /** CMK for storage and Performance Insights. */
  readonly databaseKeyArn: string;
  /** CMK for the RDS-managed master user secret. */
  readonly secretsKeyArn: string;
  /** CMK and retention for the exported error/slowquery logs. */
  readonly logsKeyArn: string;
  readonly logRetentionDays: number;
  /** @default 'admin' (its password is generated, stored and rotated by RDS in Secrets Manager) */
  readonly masterUsername?: string;
}

/** Log types exported to CloudWatch Logs (the seed lab's "log exports"). */
export const DATABASE_LOG_EXPORTS = ['error', 'slowquery'] as const;

/**
 * RDS MySQL 8.0 in the data subnets (issue 2 item 5; seed 003's Multi-AZ + encryption lab).
 * RDS manages the master password (`manage_master_user_password`): it lives only in a Secrets Manager secret
 * encrypted with our CMK, never in config, plan or state. TLS is enforced by the parameter group.
 */
export class Database extends Construct {
  readonly instanceId: string;
  readonly instanceArn: string;
  readonly instanceResourceId: string;
  /** Host name of the instance (no port). */
  readonly endpoint: string;
  /** `host:port`, as RDS calls "endpoint". */
  readonly connectionEndpoint: string;
  readonly port: number;
  /** ARN of the RDS-managed master user secret. */
  readonly masterSecretArn: string;
  readonly databaseName: string;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const family = parameterGroupFamily(props.engineVersion);

    const subnetGroup = new DbSubnetGroup(this, 'subnet-group', {
      name: props.identifier,
      description: `Data subnets of ${props.identifier}`,
      subnetIds: props.subnetIds,
    });

    const parameterGroup = new DbParameterGroup(this, 'parameter-group', {
      name: props.identifier,
      family,
      description: `TLS-only ${family} settings of ${props.identifier}`,
      parameter: [
        // Refuses every unencrypted connection, so a client that forgets TLS fails instead of leaking.
        { name: 'require_secure_transport', value: '1' },
        // Feeds the slowquery log export.
        { name: 'slow_query_log', value: '1' },
        { name: 'long_query_time', value: '1' },
        { name: 'log_output', value: 'FILE' },
      ],
    });

    // RDS would create these groups itself on first export, unencrypted and kept forever: create them first.
    // Plain resources (not EncryptedLogGroup) because the instance must `depends_on` them.
    const logGroups = DATABASE_LOG_EXPORTS.map(
      (logType) =>
        new CloudwatchLogGroup(this, `log-group-${logType}`, {
          name: `/aws/rds/instance/${props.identifier}/${logType}`,
          retentionInDays: props.logRetentionDays,
          kmsKeyId: props.logsKeyArn,
        }),
    );

    const insights = performanceInsights(props);
    const instance = new DbInstance(this, 'instance', {
      identifier: props.identifier,
      engine: 'mysql',
      engineVersion: props.engineVersion,
      instanceClass: props.instanceClass,
      allocatedStorage: props.allocatedStorageGb,
      maxAllocatedStorage: props.maxAllocatedStorageGb,
      storageType: 'gp3',
      dbName: props.databaseName,
      username: props.masterUsername ?? 'admin',
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.secretsKeyArn,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [props.securityGroupId],
      parameterGroupName: parameterGroup.name,
      publiclyAccessible: false,
      multiAz: props.multiAz,
      storageEncrypted: true,
      kmsKeyId: props.databaseKeyArn,
      caCertIdentifier: 'rds-ca-rsa2048-g1',
      backupRetentionPeriod: props.backupRetentionDays,
      copyTagsToSnapshot: true,
      deletionProtection: props.deletionProtection,
      skipFinalSnapshot: !props.deletionProtection,
      finalSnapshotIdentifier: props.deletionProtection ? `${props.identifier}-final` : undefined,
      ...insights,
      enabledCloudwatchLogsExports: [...DATABASE_LOG_EXPORTS],
      autoMinorVersionUpgrade: true,
      dependsOn: logGroups,
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
    this.endpoint = instance.address;
    this.connectionEndpoint = instance.endpoint;
    this.port = instance.port;
    this.masterSecretArn = instance.masterUserSecret.get(0).secretArn;
    this.databaseName = props.databaseName;
  }
}

// RDS for MySQL offers no Performance/Database Insights on db.t2/t3/t4g micro and small (AWS docs,
// USER_DatabaseInsights.Engines): asking for it there fails the apply.
const CLASSES_WITHOUT_PERFORMANCE_INSIGHTS = /^db\.t[234]g?\.(micro|small)$/;

/** Performance Insights encrypted with the database key (7 days are free), where the instance class supports it. */
export function performanceInsights(props: Pick<DatabaseProps, 'instanceClass' | 'databaseKeyArn'>) {
  if (CLASSES_WITHOUT_PERFORMANCE_INSIGHTS.test(props.instanceClass)) {
    return { performanceInsightsEnabled: false };
  }
  return {
    performanceInsightsEnabled: true,
    performanceInsightsKmsKeyId: props.databaseKeyArn,
    performanceInsightsRetentionPeriod: 7,
  };
}

function parameterGroupFamily(engineVersion: string): string {
  const match = /^(\d+)\.(\d+)(\.\d+)?$/.exec(engineVersion);
  if (!match) {
    throw new Error(`engineVersion: "${engineVersion}" is not a MySQL version like "8.0" or "8.0.40".`);
  }
  return `mysql${match[1]}.${match[2]}`;
}
