import { DbProxy } from '@cdktf/provider-aws/lib/db-proxy';
import { DbProxyDefaultTargetGroup } from '@cdktf/provider-aws/lib/db-proxy-default-target-group';
import { DbProxyTarget } from '@cdktf/provider-aws/lib/db-proxy-target';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Fn, TerraformLocal, Token } from 'cdktf';
import { Construct } from 'constructs';
import { assumeRolePolicy, decryptSecretsViaSecretsManager, policyDocument } from './iam-policy';

export type DatabaseAuthMode = 'secret' | 'iam';

export interface DatabaseProxyProps {
  /** Proxy name, e.g. `rds-platform-dev`; also names its IAM role. */
  readonly name: string;
  readonly region: string;
  /** The data-tier subnets. */
  readonly subnetIds: string[];
  readonly securityGroupId: string;
  /** Identifier of the DB instance the proxy targets. */
  readonly dbInstanceIdentifier: string;
  /**
   * The secret whose `username`/`password` the proxy logs in to the database with. Its IAM role may read exactly
   * this secret. Clients authenticate as that user: with its password (`secret`) or an IAM token (`iam`).
   */
  readonly authSecretArn: string;
  /** CMK of the auth secret. */
  readonly secretsKeyArn: string;
  /** `iam` makes IAM database authentication REQUIRED; `secret` turns it off (password auth, still TLS). */
  readonly authMode: DatabaseAuthMode;
  /** Share of the DB's max_connections the pool may open (the seed caps it at 30 %). */
  readonly maxConnectionsPercent: number;
  /** @default half of maxConnectionsPercent */
  readonly maxIdleConnectionsPercent?: number;
  /** @default 1800 (30 minutes) */
  readonly idleClientTimeoutSeconds?: number;
  /** Timeout of the slowest caller (the Lambda timeout): waiting for a pooled connection must give up before it. */
  readonly callerTimeoutSeconds: number;
  /** @default half of callerTimeoutSeconds, at least 1 */
  readonly connectionBorrowTimeoutSeconds?: number;
}

/**
 * RDS Proxy in front of the DB instance (issue 2 item 7; seed 000/002): TLS required, secret-based auth to the
 * database, optional IAM auth for clients, a capped connection pool, and its own least-privilege role.
 * Modelled on aws-cdk-lib's `DatabaseProxy`: consumers get `endpoint` and `grantConnect`.
 */
export class DatabaseProxy extends Construct {
  readonly endpoint: string;
  readonly arn: string;
  /** `prx-…` id from the ARN; the resource part of `rds-db:connect` ARNs. */
  readonly resourceId: string;
  readonly name: string;
  /** A MYSQL-family proxy always listens on 3306. */
  readonly port = 3306;
  private readonly arnParts: string[];
  private grantCount = 0;

  constructor(scope: Construct, id: string, props: DatabaseProxyProps) {
    super(scope, id);
    const borrowTimeout = connectionBorrowTimeout(props);
    validatePercent('maxConnectionsPercent', props.maxConnectionsPercent);
    const maxIdlePercent = props.maxIdleConnectionsPercent ?? Math.max(1, Math.floor(props.maxConnectionsPercent / 2));
    validatePercent('maxIdleConnectionsPercent', maxIdlePercent);
    if (maxIdlePercent > props.maxConnectionsPercent) {
      throw new Error(
        `maxIdleConnectionsPercent: ${maxIdlePercent} must not exceed maxConnectionsPercent (${props.maxConnectionsPercent}).`,
      );
    }

    const role = new IamRole(this, 'role', {
      name: `${props.name}-role`,
      description: `RDS Proxy ${props.name}: reads the database credentials secret`,
      assumeRolePolicy: assumeRolePolicy('rds.amazonaws.com'),
    });
    const secretAccess = new IamRolePolicy(this, 'secret-access', {
      role: role.name,
      name: 'read-auth-secret',
      policy: policyDocument([
        {
          Sid: 'ReadAuthSecret',
          Effect: 'Allow',
          Action: ['secretsmanager:GetSecretValue'],
          Resource: [props.authSecretArn],
        },
        decryptSecretsViaSecretsManager(props.secretsKeyArn, props.region),
      ]),
    });

    const proxy = new DbProxy(this, 'proxy', {
      name: props.name,
      engineFamily: 'MYSQL',
      requireTls: true,
      roleArn: role.arn,
      vpcSubnetIds: props.subnetIds,
      vpcSecurityGroupIds: [props.securityGroupId],
      idleClientTimeout: props.idleClientTimeoutSeconds ?? 1800,
      debugLogging: false,
      auth: [
        {
          authScheme: 'SECRETS',
          description: `Database login of ${props.name}`,
          secretArn: props.authSecretArn,
          iamAuth: props.authMode === 'iam' ? 'REQUIRED' : 'DISABLED',
          // client_password_auth_type stays at the MYSQL family default (mysql_native_password): every client
          // speaks it, and with require_tls the exchange is encrypted anyway.
        },
      ],
      dependsOn: [secretAccess],
    });

    const targetGroup = new DbProxyDefaultTargetGroup(this, 'default-target-group', {
      dbProxyName: proxy.name,
      connectionPoolConfig: {
        maxConnectionsPercent: props.maxConnectionsPercent,
        maxIdleConnectionsPercent: maxIdlePercent,
        connectionBorrowTimeout: borrowTimeout,
      },
    });

    new DbProxyTarget(this, 'target', {
      dbProxyName: proxy.name,
      targetGroupName: targetGroup.name,
      dbInstanceIdentifier: props.dbInstanceIdentifier,
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
   * Lets a role connect through this proxy as `dbUser` with an IAM auth token: `rds-db:connect` on
   * `arn:<partition>:rds-db:<region>:<account>:dbuser:<proxy resource id>/<dbUser>`, nothing wider (seed 002 used `*`).
   */
  grantConnect(roleName: string, dbUser: string): void {
    this.grantCount += 1;
    new IamRolePolicy(this, `connect-grant-${this.grantCount}`, {
      role: roleName,
      name: `rds-db-connect-${dbUser}`,
      policy: policyDocument([
        { Sid: 'ConnectThroughProxy', Effect: 'Allow', Action: ['rds-db:connect'], Resource: this.dbUserArn(dbUser) },
      ]),
    });
  }

  /** The `rds-db:connect` resource ARN of a database user behind this proxy. */
  dbUserArn(dbUser: string): string {
    if (!/^[A-Za-z0-9_]{1,32}$/.test(dbUser)) {
      throw new Error(`dbUser: "${dbUser}" must be 1-32 letters, digits or underscores.`);
    }
    const [partition, region, account, resourceId] = this.arnParts;
    return `arn:${partition}:rds-db:${region}:${account}:dbuser:${resourceId}/${dbUser}`;
  }
}

function validatePercent(field: string, value: number): void {
  if (!Number.isInteger(value) || value < 1 || value > 100) {
    throw new Error(`${field}: ${value} must be a whole percentage from 1 to 100.`);
  }
}

function connectionBorrowTimeout(props: DatabaseProxyProps): number {
  const timeout = props.connectionBorrowTimeoutSeconds ?? Math.max(1, Math.floor(props.callerTimeoutSeconds / 2));
  if (timeout >= props.callerTimeoutSeconds) {
    throw new Error(
      `connectionBorrowTimeoutSeconds: ${timeout} s must be below the caller timeout of ${props.callerTimeoutSeconds} s, ` +
        'or callers time out before the proxy answers.',
    );
  }
  return timeout;
}
