import { TerraformStack } from 'cdktf';
import type { Construct, IConstruct } from 'constructs';
import { ConfigError } from '../config/config-error';
import { EncryptionKeys } from './encryption-keys';

/** What every construct of a stack shares: where it runs, how it is named, and how long it keeps logs. */
export interface StackSettings {
  /** Prefix of every resource name, e.g. `rdsp-dev`. */
  readonly namePrefix: string;
  readonly region: string;
  /** Only used to build ARNs and policies: no data source looks it up. */
  readonly accountId: string;
  readonly tags: Readonly<Record<string, string>>;
  /** Retention of every log group of the stack, in days; a stack without log groups may leave it out. */
  readonly logRetentionDays?: number;
}

/**
 * A stack that carries the context its constructs read instead of taking it through props (as aws-cdk-lib's
 * `Stack.of(this).region`): settings, the stack's customer-managed keys, and helpers that build names and ARNs.
 */
export class PlatformStack extends TerraformStack {
  readonly settings: StackSettings;
  private encryptionKeys?: EncryptionKeys;

  constructor(scope: Construct, id: string, settings: StackSettings) {
    super(scope, id);
    this.settings = settings;
  }

  /** The PlatformStack a construct belongs to; fails for a construct outside one. */
  static override of(scope: IConstruct): PlatformStack {
    const stack = scope.node.scopes.reverse().find((candidate) => candidate instanceof PlatformStack);
    if (!stack) throw new Error(`${scope.node.path} is not inside a PlatformStack: create it in one.`);
    return stack as PlatformStack;
  }

  /**
   * One CMK per kind of data (database, secrets, logs). Created on first use, so a stack that stores no data (or a
   * construct spec) gets no keys it does not need.
   */
  get keys(): EncryptionKeys {
    this.encryptionKeys ??= new EncryptionKeys(this, 'encryption-keys');
    return this.encryptionKeys;
  }

  get logRetentionDays(): number {
    const days = this.settings.logRetentionDays;
    if (days === undefined) throw new ConfigError('logRetentionDays', `is not set for stack ${this.node.id}.`);
    return days;
  }

  /** `<namePrefix>-<suffix>`, the name of one of this stack's resources. */
  resourceName(suffix: string): string {
    return `${this.settings.namePrefix}-${suffix}`;
  }

  /** The regional host name of an AWS service, as `kms:ViaService` and interface endpoints name it. */
  serviceHost(service: string): string {
    return `${service}.${this.settings.region}.amazonaws.com`;
  }

  /** `arn:aws:<service>:<region>:<account>:<resource>` in this stack's region and account. */
  arn(service: string, resource: string): string {
    return `arn:aws:${service}:${this.settings.region}:${this.settings.accountId}:${resource}`;
  }
}
