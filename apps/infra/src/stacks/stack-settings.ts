import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { LocalBackend, S3Backend, TerraformStack } from 'cdktf';
import { type StateConfig, stateBucketName, stateKeyAliasArn } from '../config/state-config';

/**
 * `aws` deploys for real. `offline` is for `terraform plan` without an AWS account: it differs ONLY in the backend
 * (local) and the provider's skip flags and dummy keys, so an offline plan exercises the same resources.
 */
export type SynthVariant = 'aws' | 'offline';

export interface ProviderSettings {
  readonly region: string;
  readonly accountId: string;
  readonly tags: Readonly<Record<string, string>>;
}

// Not credentials: the provider needs some keys to start, and with the skip flags it never sends them anywhere.
const OFFLINE_DUMMY_KEYS = { accessKey: 'offline-plan-dummy-key', secretKey: 'offline-plan-dummy-key' };

export function addAwsProvider(stack: TerraformStack, variant: SynthVariant, settings: ProviderSettings): AwsProvider {
  const common = { region: settings.region, defaultTags: [{ tags: { ...settings.tags } }] };
  if (variant === 'offline') {
    const provider = new AwsProvider(stack, 'aws', {
      ...common,
      ...OFFLINE_DUMMY_KEYS,
      skipCredentialsValidation: true,
      skipRequestingAccountId: true,
      skipMetadataApiCheck: 'true',
      skipRegionValidation: true,
    });
    // A provider that requests no account id refuses any allowed_account_ids ("AWS account ID not allowed"), so
    // the offline synth keeps the stack's account in a comment Terraform ignores: the plan review reads it there.
    provider.addOverride('//', { allowed_account_ids: [settings.accountId] });
    return provider;
  }
  // Refuses to run with credentials of another account: a wrong AWS_PROFILE cannot deploy dev into prod.
  return new AwsProvider(stack, 'aws', { ...common, allowedAccountIds: [settings.accountId] });
}

/** Environment stacks keep state in the state bucket; offline plans keep it in the stack's own folder. */
export function addEnvironmentBackend(
  stack: TerraformStack,
  variant: SynthVariant,
  state: StateConfig,
  stackName: string,
): void {
  if (variant === 'offline') {
    new LocalBackend(stack, { path: 'terraform.tfstate' });
  } else {
    useS3StateBackend(stack, state, stackName);
  }
}

/**
 * Points a stack at the state bucket: one key per stack, encrypted with the state key, and S3-native locking
 * (`use_lockfile`, Terraform >= 1.10), which cdktf 0.21's S3Backend does not know yet, hence the override.
 */
export function useS3StateBackend(stack: TerraformStack, config: StateConfig, stackName: string): S3Backend {
  const backend = new S3Backend(stack, {
    bucket: stateBucketName(config),
    key: `${stackName}/terraform.tfstate`,
    region: config.region,
    encrypt: true,
    kmsKeyId: stateKeyAliasArn(config),
  });
  backend.addOverride('use_lockfile', true);
  return backend;
}
