import { requireAccountId, requireInteger, requireNamePrefix, requireRegion, requireThat } from './config-error';

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
  requireNamePrefix(config.namePrefix, 'state.namePrefix');
  requireRegion(config.region, 'state.region');
  requireAccountId(config.accountId, 'state.accountId');
  requireThat(
    stateBucketName(config).length <= 63,
    'state.namePrefix',
    `makes the bucket name ${stateBucketName(config)} longer than 63 characters.`,
  );
  requireInteger(config.noncurrentVersionRetentionDays, 'state.noncurrentVersionRetentionDays', 1, 36500);
  return config;
}
