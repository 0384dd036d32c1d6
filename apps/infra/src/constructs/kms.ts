import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';

/** The identifiers other constructs need from a key. */
export interface KeyReference {
  readonly arn: string;
  readonly keyId: string;
}

type PolicyStatement = Record<string, unknown>;

export interface CustomerManagedKeyProps {
  /** Used for the alias (`alias/<aliasName>`) and the description. */
  readonly aliasName: string;
  readonly description: string;
  readonly accountId: string;
  /** The AWS services (e.g. `rds.ap-northeast-2.amazonaws.com`) through which account principals may use the key. */
  readonly viaServices: readonly string[];
  /** Extra statements, e.g. for a service principal that encrypts on its own behalf. */
  readonly additionalStatements?: readonly PolicyStatement[];
  /** @default 30 (the longest window: time to notice a key scheduled for deletion by mistake) */
  readonly deletionWindowDays?: number;
}

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
export class CustomerManagedKey extends Construct implements KeyReference {
  readonly arn: string;
  readonly keyId: string;

  constructor(scope: Construct, id: string, props: CustomerManagedKeyProps) {
    super(scope, id);
    const accountRoot = `arn:aws:iam::${props.accountId}:root`;
    const statements: PolicyStatement[] = [
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
          StringEquals: { 'kms:CallerAccount': props.accountId, 'kms:ViaService': [...props.viaServices] },
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
}

export interface EncryptionKeysProps {
  readonly namePrefix: string;
  readonly region: string;
  readonly accountId: string;
}

/** Log group names this stack may encrypt with the logs key: `/aws/<service>/<namePrefix>...`. */
export function logGroupArnPattern(props: EncryptionKeysProps): string {
  return `arn:aws:logs:${props.region}:${props.accountId}:log-group:/aws/*/${props.namePrefix}*`;
}

/**
 * One key per kind of data, so access can be granted (and audited) separately:
 * `database` (RDS storage, Performance Insights), `secrets` (Secrets Manager, Lambda environment variables),
 * `logs` (CloudWatch Logs).
 */
export class EncryptionKeys extends Construct {
  readonly database: KeyReference;
  readonly secrets: KeyReference;
  readonly logs: KeyReference;

  constructor(scope: Construct, id: string, props: EncryptionKeysProps) {
    super(scope, id);
    const { namePrefix, region, accountId } = props;
    const service = (name: string) => `${name}.${region}.amazonaws.com`;
    this.database = new CustomerManagedKey(this, 'database', {
      aliasName: `${namePrefix}-database`,
      description: `${namePrefix}: RDS storage and Performance Insights`,
      accountId,
      viaServices: [service('rds')],
    });
    this.secrets = new CustomerManagedKey(this, 'secrets', {
      aliasName: `${namePrefix}-secrets`,
      description: `${namePrefix}: Secrets Manager secrets and Lambda environment variables`,
      accountId,
      // Lambda encrypts the functions' environment variables with this key when it creates or updates them.
      viaServices: [service('secretsmanager'), service('lambda')],
    });
    this.logs = new CustomerManagedKey(this, 'logs', {
      aliasName: `${namePrefix}-logs`,
      description: `${namePrefix}: CloudWatch Logs log groups`,
      accountId,
      viaServices: [service('logs')],
      additionalStatements: [
        {
          // CloudWatch Logs encrypts as its own service principal; the encryption context pins it to our log groups.
          Sid: 'CloudWatchLogsEncryptsOurLogGroups',
          Effect: 'Allow',
          Principal: { Service: service('logs') },
          Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          Resource: THIS_KEY,
          Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': logGroupArnPattern(props) } },
        },
      ],
    });
  }
}
