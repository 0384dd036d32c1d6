import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Lazy } from 'cdktf';
import { Construct } from 'constructs';
import { grant, type Grant, type Grantee } from './grants';
import { PlatformStack } from './platform-stack';

type KeyPolicyStatement = Record<string, unknown>;

export interface CustomerManagedKeyProps {
  /** Used for the alias (`alias/<aliasName>`) and the description. */
  readonly aliasName: string;
  readonly description: string;
  /** The kind of data the key protects, in PascalCase (`Secrets`): it names the statements that grant the key. */
  readonly purpose: string;
  /** The AWS services (e.g. `rds.ap-northeast-2.amazonaws.com`) through which account principals may use the key. */
  readonly viaServices: readonly string[];
  /** Extra statements, e.g. for a service principal that encrypts on its own behalf. */
  readonly additionalStatements?: readonly KeyPolicyStatement[];
  /** @default 30 (the longest window: time to notice a key scheduled for deletion by mistake) */
  readonly deletionWindowDays?: number;
}

/** Services whose calls may use a key on a grantee's behalf, with the name their grant statements carry. */
const SERVICE_LABELS = { secretsmanager: 'SecretsManager' } as const;
export type KeyUsingService = keyof typeof SERVICE_LABELS;

// In a key policy "Resource": "*" means "this key": a key policy cannot name other resources.
const THIS_KEY = '*';
/**
 * What administering one key takes, named action by action. AWS's default "key administrators" statement uses
 * `kms:Create*`, which includes kms:CreateGrant: anyone in the account with IAM kms:CreateGrant could grant
 * themselves Decrypt without kms:ViaService. CreateGrant is a key *usage* action here, allowed only through a
 * service (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-administrators).
 * Creating keys, custom key stores and imported material are not actions on this key.
 */
export const KEY_ADMINISTRATION_ACTIONS = [
  'kms:CreateAlias',
  'kms:DescribeKey',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:ListAliases',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListKeyRotations',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
  'kms:RevokeGrant',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:DeleteAlias',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
];
const KEY_USAGE_ACTIONS = [
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncrypt*',
  'kms:GenerateDataKey*',
  'kms:DescribeKey',
  'kms:CreateGrant',
];

/**
 * A symmetric customer-managed key with yearly rotation. The account administers it, but data keys are only usable
 * through the listed services ("kms:ViaService"), so a principal with kms:Decrypt cannot decrypt outside them.
 * Implements the AWS KMS best practice "Least privilege / kms:ViaService".
 */
export class CustomerManagedKey extends Construct {
  readonly arn: string;
  readonly keyId: string;
  private readonly purpose: string;
  private readonly region: string;
  private readonly statements: KeyPolicyStatement[];
  private readonly lateStatements: (() => KeyPolicyStatement | undefined)[] = [];

  constructor(scope: Construct, id: string, props: CustomerManagedKeyProps) {
    super(scope, id);
    this.purpose = props.purpose;
    const { accountId, region } = PlatformStack.of(this).settings;
    this.region = region;
    const accountRoot = `arn:aws:iam::${accountId}:root`;
    this.statements = [
      {
        Sid: 'AccountAdministersTheKey',
        Effect: 'Allow',
        Principal: { AWS: accountRoot },
        Action: KEY_ADMINISTRATION_ACTIONS,
        Resource: THIS_KEY,
      },
      {
        Sid: 'AccountUsesTheKeyOnlyThroughItsServices',
        Effect: 'Allow',
        Principal: { AWS: accountRoot },
        Action: KEY_USAGE_ACTIONS,
        Resource: THIS_KEY,
        Condition: {
          StringEquals: { 'kms:CallerAccount': accountId, 'kms:ViaService': [...props.viaServices] },
        },
      },
      ...(props.additionalStatements ?? []),
    ];
    const key = new KmsKey(this, 'key', {
      description: props.description,
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: props.deletionWindowDays ?? 30,
      // Built at synth: statements that name what uses the key (log groups) are added as those are created.
      policy: Lazy.stringValue({ produce: () => this.policyDocument() }),
    });
    new KmsAlias(this, 'alias', { name: `alias/${props.aliasName}`, targetKeyId: key.keyId });
    this.arn = key.arn;
    this.keyId = key.keyId;
  }

  /** A statement produced at synth (e.g. one listing every log group of the stack); `undefined` leaves it out. */
  addLateStatement(produce: () => KeyPolicyStatement | undefined): void {
    this.lateStatements.push(produce);
  }

  private policyDocument(): string {
    const late = this.lateStatements.map((produce) => produce()).filter((statement) => statement !== undefined);
    return JSON.stringify({ Version: '2012-10-17', Statement: [...this.statements, ...late] });
  }

  /**
   * kms:Decrypt on this key, but only when Secrets Manager makes the call on the grantee's behalf (`kms:ViaService`)
   * for one secret: Secrets Manager puts the secret's ARN in the encryption context of every data key it asks for
   * ("SecretARN", https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html#security-encryption-encryption-context),
   * so the grant decrypts that secret and no other secret on the same key.
   */
  grantDecryptThrough(grantee: Grantee, service: KeyUsingService, secretArn: string): Grant {
    return grant(grantee, this.statementThrough(`Decrypt${this.purpose}Through`, service, ['kms:Decrypt'], secretArn));
  }

  /** Decrypt and GenerateDataKey (writing a new secret version needs both), still only through `service`. */
  grantEncryptDecryptThrough(grantee: Grantee, service: KeyUsingService, secretArn: string): Grant {
    return grant(
      grantee,
      this.statementThrough(
        `EncryptAndDecrypt${this.purpose}Through`,
        service,
        ['kms:Decrypt', 'kms:GenerateDataKey'],
        secretArn,
      ),
    );
  }

  private statementThrough(sidStart: string, service: KeyUsingService, actions: string[], secretArn: string) {
    return {
      Sid: `${sidStart}${SERVICE_LABELS[service]}`,
      Effect: 'Allow' as const,
      Action: actions,
      Resource: this.arn,
      Condition: {
        StringEquals: {
          'kms:ViaService': `${service}.${this.region}.amazonaws.com`,
          'kms:EncryptionContext:SecretARN': secretArn,
        },
      },
    };
  }
}

/**
 * One key per kind of data, so access can be granted (and audited) separately:
 * `database` (RDS storage, Performance Insights), `secrets` (Secrets Manager, Lambda environment variables),
 * `logs` (CloudWatch Logs). Reached through the stack (`PlatformStack.of(this).keys`), which creates them once.
 */
export class EncryptionKeys extends Construct {
  readonly database: CustomerManagedKey;
  readonly secrets: CustomerManagedKey;
  readonly logs: CustomerManagedKey;
  private readonly logGroupArns: string[] = [];
  private readonly stackArn: (service: string, resource: string) => string;

  constructor(scope: PlatformStack, id: string) {
    super(scope, id);
    this.stackArn = (service, resource) => scope.arn(service, resource);
    const settings = scope.settings;
    const { namePrefix } = settings;
    const service = (name: string) => scope.serviceHost(name);
    this.database = new CustomerManagedKey(this, 'database', {
      aliasName: `${namePrefix}-database`,
      description: `${namePrefix}: RDS storage and Performance Insights`,
      purpose: 'Database',
      viaServices: [service('rds')],
    });
    this.secrets = new CustomerManagedKey(this, 'secrets', {
      aliasName: `${namePrefix}-secrets`,
      description: `${namePrefix}: Secrets Manager secrets and Lambda environment variables`,
      purpose: 'Secrets',
      // Lambda encrypts the functions' environment variables with this key when it creates or updates them.
      viaServices: [service('secretsmanager'), service('lambda')],
    });
    this.logs = new CustomerManagedKey(this, 'logs', {
      aliasName: `${namePrefix}-logs`,
      description: `${namePrefix}: CloudWatch Logs log groups`,
      purpose: 'Logs',
      viaServices: [service('logs')],
    });
    // CloudWatch Logs encrypts as its own service principal, with the log group's ARN as encryption context
    // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html): the statement names
    // each of this stack's log groups exactly, so no other log group (e.g. one whose name merely starts with the
    // name prefix, /aws/lambda/rdsp-devtools-api) can be encrypted with the key.
    this.logs.addLateStatement(() =>
      this.logGroupArns.length === 0
        ? undefined
        : {
            Sid: 'CloudWatchLogsEncryptsOurLogGroups',
            Effect: 'Allow',
            Principal: { Service: service('logs') },
            // No kms:Describe*: DescribeKey carries no encryption context, so under this condition it could never
            // be allowed (the access matrix's static check flags such statements).
            Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
            Resource: THIS_KEY,
            Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': [...this.logGroupArns] } },
          },
    );
  }

  /** Lets CloudWatch Logs encrypt the log group `name` with the logs key; returns the log group's ARN. */
  allowLogGroup(name: string): string {
    const arn = this.stackArn('logs', `log-group:${name}`);
    if (!this.logGroupArns.includes(arn)) this.logGroupArns.push(arn);
    return arn;
  }
}
