import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { Construct } from 'constructs';
import { decryptSecretsViaSecretsManager, PolicyStatement } from './iam-policy';

export interface AppSecretProps {
  /** Secret name, e.g. `rds-platform/dev/db/app`. */
  readonly name: string;
  /** CMK that encrypts every version of the secret. */
  readonly secretsKeyArn: string;
  /** Region of the secret, for the `kms:ViaService` condition of readers. */
  readonly region: string;
  /** @default 30 (the service default; deleting a secret is recoverable for that long) */
  readonly recoveryWindowInDays?: number;
}

/**
 * The app user's credentials as the Secrets Manager RDS format (seed 003, single-user rotation):
 *
 *   { "engine": "mysql", "host": "<DB instance endpoint>", "port": 3306,
 *     "username": "<app user>", "password": "<generated>", "dbname": "<app schema>" }
 *
 * `host` is the DB instance (not the proxy): rotation logs in there directly.
 * Terraform creates the container only. There is deliberately NO `aws_secretsmanager_secret_version`: the bootstrap
 * Lambda writes the first value inside the VPC and the rotation Lambda replaces it (issue 4), so no password ever
 * reaches config, plan or state.
 */
export class AppSecret extends Construct {
  readonly secretArn: string;
  readonly secretName: string;
  private readonly props: AppSecretProps;

  constructor(scope: Construct, id: string, props: AppSecretProps) {
    super(scope, id);
    this.props = props;
    const secret = new SecretsmanagerSecret(this, 'secret', {
      name: props.name,
      description:
        'App DB user as JSON {engine, host, port, username, password, dbname}; value written by bootstrap/rotation Lambda',
      kmsKeyId: props.secretsKeyArn,
      recoveryWindowInDays: props.recoveryWindowInDays ?? 30,
    });
    this.secretArn = secret.arn;
    this.secretName = secret.name;
  }

  /** What a reader of the current value needs: GetSecretValue on this secret only, and decrypt via Secrets Manager. */
  readStatements(): PolicyStatement[] {
    return [
      { Sid: 'ReadAppSecret', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: this.secretArn },
      decryptSecretsViaSecretsManager(this.props.secretsKeyArn, this.props.region),
    ];
  }

  /**
   * What bootstrap needs to write the first value: read and describe this secret and put a version (PutSecretValue
   * labels the version it writes). It never moves labels between versions, so no UpdateSecretVersionStage.
   */
  initializeStatements(): PolicyStatement[] {
    return this.readWriteStatements('InitializeAppSecret', []);
  }

  /** What the single-user rotation contract needs on this secret: also move the labels (finishSecret). */
  rotateStatements(): PolicyStatement[] {
    return this.readWriteStatements('RotateAppSecret', ['secretsmanager:UpdateSecretVersionStage']);
  }

  /** Encrypting a new version needs GenerateDataKey as well as Decrypt, still only through Secrets Manager. */
  private readWriteStatements(sid: string, extraActions: string[]): PolicyStatement[] {
    return [
      {
        Sid: sid,
        Effect: 'Allow',
        Action: [
          'secretsmanager:DescribeSecret',
          'secretsmanager:GetSecretValue',
          'secretsmanager:PutSecretValue',
          ...extraActions,
        ],
        Resource: this.secretArn,
      },
      {
        ...decryptSecretsViaSecretsManager(this.props.secretsKeyArn, this.props.region),
        Sid: 'EncryptAndDecryptSecretsThroughSecretsManager',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      },
    ];
  }
}
