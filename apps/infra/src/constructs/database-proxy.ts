import { DbProxy } from '@cdktf/provider-aws/lib/db-proxy';
import { DbProxyDefaultTargetGroup } from '@cdktf/provider-aws/lib/db-proxy-default-target-group';
import { DbProxyTarget } from '@cdktf/provider-aws/lib/db-proxy-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Fn, TerraformLocal, Token } from 'cdktf';
import { Construct } from 'constructs';
import { ConfigError } from '../config/config-error';
import { proxyClientPasswordAuthType } from '../config/engine-version';
import type { AlarmThresholds, AuthMode } from '../config/environment-config';
import { type AlarmDefinition, proxyAlarms } from './alarm-definitions';
import { validateBorrowTimeout, validateProxyPool, validateIdleClientTimeout } from '../config/environment-rules';
import type { Database } from './database';
import { grant, type Grant, type Grantee, ServiceRole } from './grants';
import { encryptedLogGroupSettings } from './log-group';
import type { Monitorable } from './monitoring';
import type { Network } from './network';
import { PlatformStack } from './platform-stack';
import type { SecretsManagerEndpoint } from './secrets-manager-endpoint';
import { type Connectable, type Connections, MYSQL_PORT } from './security-groups';

/** A secret that can let a grantee read it: the app secret, or the RDS-managed master secret. */
export interface ReadableSecret {
  readonly secretArn: string;
  grantRead(grantee: Grantee): Grant;
}

export interface DatabaseProxyProps {
  /** The DB instance the proxy targets; the proxy opens its path to it on the database's port. */
  readonly database: Database;
  /**
   * The secret whose `username`/`password` the proxy logs in to the database with; the proxy's role may read exactly
   * this secret. Clients authenticate as that user: with its password (`secret`) or an IAM token (`iam`).
   */
  readonly secret: ReadableSecret;
  /** The proxy sits in the network's data subnets. */
  readonly network: Network;
  /** The proxy reads its secret through this endpoint. */
  readonly secretsEndpoint: SecretsManagerEndpoint;
  /** `iam` makes IAM database authentication REQUIRED; `secret` turns it off (password auth, still TLS). */
  readonly authMode: AuthMode;
  /** Share of the DB's max_connections the pool may open, 1-100 (the seed caps it at 30 %). */
  readonly maxConnectionsPercent: number;
  /** Share kept open while idle, 0 to maxConnectionsPercent. @default half of maxConnectionsPercent */
  readonly maxIdleConnectionsPercent?: number;
  /** @default 1800 (30 minutes; AWS allows 1 to 28800) */
  readonly idleClientTimeoutSeconds?: number;
  /** Timeout of the slowest caller (the Lambda timeout): waiting for a pooled connection must give up before it. */
  readonly callerTimeoutSeconds: number;
  /** @default half of callerTimeoutSeconds, at least 1 */
  readonly connectionBorrowTimeoutSeconds?: number;
  /** @default `<namePrefix>-proxy`; also names its IAM role */
  readonly name?: string;
}

/**
 * RDS Proxy in front of the DB instance (seeds 000 and 002): TLS required, secret-based auth to the database,
 * optional IAM auth for clients, a capped connection pool, and its own least-privilege role. Modelled on
 * aws-cdk-lib's `DatabaseProxy`: clients get `endpoint`, `grantConnect` and `connections`; the proxy opens its own
 * paths to the database and the Secrets Manager endpoint.
 */
export class DatabaseProxy extends Construct implements Connectable, Monitorable {
  readonly endpoint: string;
  readonly arn: string;
  /** `prx-…` id from the ARN; the resource part of `rds-db:connect` ARNs. */
  readonly resourceId: string;
  readonly name: string;
  /** A MYSQL-family proxy always listens on MySQL's port. */
  readonly port = MYSQL_PORT;
  /** The database behind the proxy. */
  readonly database: Database;
  /** Seconds an idle client connection stays open; clients should drop theirs before. */
  readonly idleClientTimeoutSeconds: number;
  /** The proxy's security group: clients open their path with `connections.allowDefaultPortFrom`. */
  readonly connections: Connections;
  private readonly arnParts: string[];
  /** The default target group's name: a dimension of the proxy's AvailabilityPercentage metric. */
  private readonly targetGroupName: string;

  constructor(scope: Construct, id: string, props: DatabaseProxyProps) {
    super(scope, id);
    const name = props.name ?? PlatformStack.of(this).resourceName('proxy');
    const maxIdlePercent = props.maxIdleConnectionsPercent ?? Math.max(1, Math.floor(props.maxConnectionsPercent / 2));
    validateProxyPool({
      maxConnectionsPercent: props.maxConnectionsPercent,
      maxIdleConnectionsPercent: maxIdlePercent,
    });
    const borrowTimeout =
      props.connectionBorrowTimeoutSeconds ?? Math.max(1, Math.floor(props.callerTimeoutSeconds / 2));
    validateBorrowTimeout(borrowTimeout, props.callerTimeoutSeconds);
    this.idleClientTimeoutSeconds = props.idleClientTimeoutSeconds ?? 1800;
    validateIdleClientTimeout(this.idleClientTimeoutSeconds);
    this.database = props.database;

    this.connections = props.network.securityGroups.create(
      'proxy',
      'RDS Proxy: admits the API Lambda, reaches the database and the Secrets Manager endpoint',
      MYSQL_PORT,
    );
    props.database.connections.allowDefaultPortFrom(this, 'RDS Proxy to database');
    props.secretsEndpoint.connections.allowDefaultPortFrom(this, 'RDS Proxy to Secrets Manager endpoint');

    const role = new ServiceRole(this, {
      name: `${name}-role`,
      description: `RDS Proxy ${name}: reads the database credentials secret`,
      assumedBy: 'rds.amazonaws.com',
      policyName: 'read-auth-secret',
      // Confused-deputy guard: only proxies of this account may assume the role.
      // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-iam-setup.html
      trustConditions: {
        StringEquals: { 'aws:SourceAccount': PlatformStack.of(this).settings.accountId },
        ArnLike: { 'aws:SourceArn': PlatformStack.of(this).arn('rds', 'db-proxy:*') },
      },
      ids: { role: 'role', policy: 'secret-access' },
    });
    props.secret.grantRead(role);
    // RDS Proxy would create this group itself on first log, unencrypted and kept forever: create it first.
    const logGroup = new CloudwatchLogGroup(
      this,
      'log-group',
      encryptedLogGroupSettings(this, `/aws/rds/proxy/${name}`),
    );

    const proxy = new DbProxy(this, 'proxy', {
      name,
      engineFamily: 'MYSQL',
      requireTls: true,
      roleArn: role.roleArn,
      vpcSubnetIds: props.network.dataSubnetIds,
      vpcSecurityGroupIds: [this.connections.securityGroupId],
      idleClientTimeout: this.idleClientTimeoutSeconds,
      debugLogging: false,
      auth: [
        {
          authScheme: 'SECRETS',
          description: `Database login of ${name}`,
          secretArn: props.secret.secretArn,
          iamAuth: props.authMode === 'iam' ? 'REQUIRED' : 'DISABLED',
          // How clients prove their password to the proxy, from the database's engine version: caching_sha2_password
          // on MySQL 8.4, whose default plugin it is; on 8.0 unset, RDS's default (config/engine-version.ts). The
          // clients (mysql2) speak both, and with require_tls the exchange is encrypted.
          clientPasswordAuthType: proxyClientPasswordAuthType(props.database.engineVersion),
        },
      ],
      dependsOn: [role.policy, logGroup],
    });

    const targetGroup = new DbProxyDefaultTargetGroup(this, 'default-target-group', {
      dbProxyName: proxy.name,
      connectionPoolConfig: {
        maxConnectionsPercent: props.maxConnectionsPercent,
        maxIdleConnectionsPercent: maxIdlePercent,
        connectionBorrowTimeout: borrowTimeout,
      },
    });

    this.targetGroupName = targetGroup.name;
    new DbProxyTarget(this, 'target', {
      dbProxyName: proxy.name,
      targetGroupName: targetGroup.name,
      dbInstanceIdentifier: props.database.instanceId,
    });

    this.endpoint = proxy.endpoint;
    this.arn = proxy.arn;
    this.name = proxy.name;
    // arn:<partition>:rds:<region>:<account>:db-proxy:<prx-id>, split here so no data source is needed. A local
    // keeps quotes out of the expressions that end up inside JSON policy documents.
    const arnParts = new TerraformLocal(this, 'arn-parts', Fn.split(':', proxy.arn));
    this.arnParts = [1, 3, 4, 6].map((index) => Token.asString(Fn.element(arnParts.asList, index)));
    this.resourceId = this.arnParts[3];
  }

  /**
   * Sustained session pinning, failed client logins (rotation trouble), waits for a pooled connection, and whether
   * the proxy can reach the database (target availability, failed logins of its own).
   */
  alarmDefinitions(thresholds: AlarmThresholds): AlarmDefinition[] {
    return proxyAlarms(this.name, thresholds, this.targetGroupName);
  }

  /**
   * Lets a grantee connect through this proxy as `dbUser` with an IAM auth token: `rds-db:connect` on
   * `arn:<partition>:rds-db:<region>:<account>:dbuser:<proxy resource id>/<dbUser>`, nothing wider (seed 002 used `*`).
   * See https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-iam-setup.html
   */
  grantConnect(grantee: Grantee, dbUser: string): Grant {
    const resource = this.dbUserArn(dbUser);
    return grant(grantee, {
      // One statement per database user, so a grantee may connect as several.
      Sid: `ConnectThroughProxyAs${dbUser.replace(/_/g, '')}`,
      Effect: 'Allow',
      Action: ['rds-db:connect'],
      Resource: resource,
    });
  }

  /** The `rds-db:connect` resource ARN of a database user behind this proxy. */
  dbUserArn(dbUser: string): string {
    if (!/^[A-Za-z0-9_]{1,32}$/.test(dbUser)) {
      throw new ConfigError('dbUser', `must be 1-32 letters, digits or underscores, got "${dbUser}".`);
    }
    const [partition, region, account, resourceId] = this.arnParts;
    return `arn:${partition}:rds-db:${region}:${account}:dbuser:${resourceId}/${dbUser}`;
  }
}
