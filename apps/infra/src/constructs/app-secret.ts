import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { Construct } from 'constructs';
import type { CustomerManagedKey } from './encryption-keys';
import { grant, type Grant, type Grantee, type PolicyStatement } from './grants';
import { PlatformStack } from './platform-stack';

export interface AppSecretProps {
  /** @default `<namePrefix>/db/app` */
  readonly name?: string;
  /** @default 30 (the service default; deleting a secret is recoverable for that long) */
  readonly recoveryWindowInDays?: number;
}

// GetRandomPassword acts on no resource, so IAM only accepts "*" for it: the one justified wildcard.
const GENERATE_PASSWORDS: PolicyStatement = {
  Sid: 'GeneratePasswords',
  Effect: 'Allow',
  Action: ['secretsmanager:GetRandomPassword'],
  Resource: '*',
};

/**
 * GetSecretValue on one secret, and kms:Decrypt on its key only through Secrets Manager: what reading a secret's value
 * takes, for the app secret and the RDS-managed master secret alike.
 */
export function grantSecretValueRead(grantee: Grantee, sid: string, secretArn: string, key: CustomerManagedKey): Grant {
  const read = grant(grantee, {
    Sid: sid,
    Effect: 'Allow',
    Action: ['secretsmanager:GetSecretValue'],
    Resource: secretArn,
  });
  return {
    grantee,
    statements: [...read.statements, ...key.grantDecryptThrough(grantee, 'secretsmanager', secretArn).statements],
  };
}

/**
 * The app user's credentials as the Secrets Manager RDS format (seed 003, single-user rotation):
 *
 *   { "engine": "mysql", "host": "<DB instance address>", "port": 3306,
 *     "username": "<app user>", "password": "<generated>", "dbname": "<app schema>" }
 *
 * `host` is the DB instance (not the proxy): rotation logs in there directly. Encrypted with the stack's secrets key.
 * Terraform creates the container only. There is deliberately NO `aws_secretsmanager_secret_version`: the bootstrap
 * Lambda writes the first value inside the VPC and the rotation Lambda replaces it, so no password ever reaches
 * config, plan or state.
 */
export class AppSecret extends Construct {
  readonly secretArn: string;
  readonly secretName: string;
  private readonly key: CustomerManagedKey;

  constructor(scope: Construct, id: string, props: AppSecretProps = {}) {
    super(scope, id);
    const stack = PlatformStack.of(this);
    this.key = stack.keys.secrets;
    const secret = new SecretsmanagerSecret(this, 'secret', {
      name: props.name ?? `${stack.settings.namePrefix}/db/app`,
      description:
        'App DB user as JSON {engine, host, port, username, password, dbname}; value written by bootstrap/rotation Lambda',
      kmsKeyId: this.key.arn,
      recoveryWindowInDays: props.recoveryWindowInDays ?? 30,
    });
    this.secretArn = secret.arn;
    this.secretName = secret.name;
  }

  /** What a reader of the current value needs: GetSecretValue on this secret only, and decrypt via Secrets Manager. */
  grantRead(grantee: Grantee): Grant {
    return grantSecretValueRead(grantee, 'ReadAppSecret', this.secretArn, this.key);
  }

  /**
   * What bootstrap needs to write the first value: read and describe this secret, generate a password and put a
   * version (PutSecretValue labels the version it writes). It never moves labels between versions, so no
   * UpdateSecretVersionStage.
   */
  grantInitialize(grantee: Grantee): Grant {
    return this.grantWrite(grantee, 'InitializeAppSecret', []);
  }

  /** What the single-user rotation contract needs on this secret: also move the labels (finishSecret). */
  grantRotate(grantee: Grantee): Grant {
    return this.grantWrite(grantee, 'RotateAppSecret', ['secretsmanager:UpdateSecretVersionStage']);
  }

  /** Encrypting a new version needs GenerateDataKey as well as Decrypt, still only through Secrets Manager. */
  private grantWrite(grantee: Grantee, sid: string, extraActions: string[]): Grant {
    const onSecret = grant(grantee, {
      Sid: sid,
      Effect: 'Allow',
      Action: [
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
        'secretsmanager:PutSecretValue',
        ...extraActions,
      ],
      Resource: this.secretArn,
    });
    const onKey = this.key.grantEncryptDecryptThrough(grantee, 'secretsmanager', this.secretArn);
    const passwords = grant(grantee, GENERATE_PASSWORDS);
    return { grantee, statements: [...onSecret.statements, ...onKey.statements, ...passwords.statements] };
  }
}
