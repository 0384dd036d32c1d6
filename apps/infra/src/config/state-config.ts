import { ConfigError } from './config-error';

/** Where every environment stack keeps its Terraform state, and who owns that bucket. */
export interface StateConfig {
  readonly namePrefix: string;
  readonly region: string;
  readonly accountId: string;
  /** Old state versions are kept this long, so a bad apply can be rolled back by restoring a version. */
  readonly noncurrentVersionRetentionDays: number;
  readonly tags: Readonly<Record<string, string>>;
}

/** Bucket names are global: the account id and region make ours unique without a random suffix. */
export function stateBucketName(config: StateConfig): string {
  return `${config.namePrefix}-tfstate-${config.accountId}-${config.region}`;
}

export function stateKeyAlias(config: StateConfig): string {
  return `alias/${config.namePrefix}-tfstate`;
}

/** The backend block cannot take references, so environment stacks name the state key by its alias ARN. */
export function stateKeyAliasArn(config: StateConfig): string {
  return `arn:aws:kms:${config.region}:${config.accountId}:${stateKeyAlias(config)}`;
}

export function validateStateConfig(config: StateConfig): StateConfig {
  if (!/^[a-z][a-z0-9-]{1,18}[a-z0-9]$/.test(config.namePrefix)) {
    throw new ConfigError(
      'state.namePrefix',
      `must be 3-20 lowercase letters, digits or hyphens, got "${config.namePrefix}".`,
    );
  }
  if (!/^\d{12}$/.test(config.accountId)) {
    throw new ConfigError('state.accountId', `must be a 12-digit AWS account id, got "${config.accountId}".`);
  }
  if (stateBucketName(config).length > 63) {
    throw new ConfigError(
      'state.namePrefix',
      `makes the bucket name ${stateBucketName(config)} longer than 63 characters.`,
    );
  }
  if (!Number.isInteger(config.noncurrentVersionRetentionDays) || config.noncurrentVersionRetentionDays < 1) {
    throw new ConfigError(
      'state.noncurrentVersionRetentionDays',
      `must be a whole number of days of at least 1, got ${config.noncurrentVersionRetentionDays}.`,
    );
  }
  return config;
}
