import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import { grant, type Grant, type Grantee } from './grants';
import { PlatformStack, type StackSettings } from './platform-stack';

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
const KEY_ADMINISTRATION_ACTIONS = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
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

  constructor(scope: Construct, id: string, props: CustomerManagedKeyProps) {
    super(scope, id);
    this.purpose = props.purpose;
    const { accountId, region } = PlatformStack.of(this).settings;
    this.region = region;
    const accountRoot = `arn:aws:iam::${accountId}:root`;
    const statements: KeyPolicyStatement[] = [
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
      policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
    });
    new KmsAlias(this, 'alias', { name: `alias/${props.aliasName}`, targetKeyId: key.keyId });
    this.arn = key.arn;
    this.keyId = key.keyId;
  }

  /**
   * kms:Decrypt on this key, but only when `service` makes the call on the grantee's behalf (`kms:ViaService`): the
   * key can't be used directly to decrypt anything else.
   */
  grantDecryptThrough(grantee: Grantee, service: KeyUsingService): Grant {
    return grant(grantee, this.statementThrough(`Decrypt${this.purpose}Through`, service, ['kms:Decrypt']));
  }

  /** Decrypt and GenerateDataKey (writing a new secret version needs both), still only through `service`. */
  grantEncryptDecryptThrough(grantee: Grantee, service: KeyUsingService): Grant {
    return grant(
      grantee,
      this.statementThrough(`EncryptAndDecrypt${this.purpose}Through`, service, ['kms:Decrypt', 'kms:GenerateDataKey']),
    );
  }

  private statementThrough(sidStart: string, service: KeyUsingService, actions: string[]) {
    return {
      Sid: `${sidStart}${SERVICE_LABELS[service]}`,
      Effect: 'Allow' as const,
      Action: actions,
      Resource: this.arn,
      Condition: { StringEquals: { 'kms:ViaService': `${service}.${this.region}.amazonaws.com` } },
    };
  }
}

/** Log group names a stack may encrypt with its logs key: `/aws/<service>/<namePrefix>...`. */
export function logGroupArnPattern(settings: Pick<StackSettings, 'namePrefix' | 'region' | 'accountId'>): string {
  return `arn:aws:logs:${settings.region}:${settings.accountId}:log-group:/aws/*/${settings.namePrefix}*`;
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

  constructor(scope: PlatformStack, id: string) {
    super(scope, id);
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
      additionalStatements: [
        {
          // CloudWatch Logs encrypts as its own service principal; the encryption context pins it to our log groups.
          Sid: 'CloudWatchLogsEncryptsOurLogGroups',
          Effect: 'Allow',
          Principal: { Service: service('logs') },
          Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          Resource: THIS_KEY,
          Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': logGroupArnPattern(settings) } },
        },
      ],
    });
  }
}
