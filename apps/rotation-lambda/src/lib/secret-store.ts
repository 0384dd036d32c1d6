import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';

export const AWSCURRENT = 'AWSCURRENT';
export const AWSPENDING = 'AWSPENDING';
export const AWSPREVIOUS = 'AWSPREVIOUS';

/** Characters that break a MySQL connection string or shell quoting; always excluded from generated passwords. */
export const DEFAULT_EXCLUDED_PASSWORD_CHARACTERS = `/@"'\\:;?#%&+=\`$ `;

export const PASSWORD_LENGTH = 32;

export interface SecretMetadata {
  readonly rotationEnabled: boolean | undefined;
  readonly versionStages: Readonly<Record<string, readonly string[]>>;
}

/**
 * The few Secrets Manager calls rotation and bootstrap make. The client comes from the SDK's default configuration,
 * so `AWS_ENDPOINT_URL_SECRETS_MANAGER` (the VPC endpoint's private DNS needs none) is honoured without code here.
 */
export class SecretStore {
  constructor(
    private readonly client: SecretsManagerClient,
    private readonly excludedPasswordCharacters: string = DEFAULT_EXCLUDED_PASSWORD_CHARACTERS,
  ) {}

  async describe(secretId: string): Promise<SecretMetadata> {
    const metadata = await this.client.send(new DescribeSecretCommand({ SecretId: secretId }));
    return { rotationEnabled: metadata.RotationEnabled, versionStages: metadata.VersionIdsToStages ?? {} };
  }

  /** The version id carrying `stage`, if any. */
  async versionWithStage(secretId: string, stage: string): Promise<string | undefined> {
    const { versionStages } = await this.describe(secretId);
    return Object.keys(versionStages).find((versionId) => versionStages[versionId].includes(stage));
  }

  /** The SecretString of a stage (optionally pinned to a version), or undefined when that version/stage has none. */
  async readString(secretId: string, stage: string, versionId?: string): Promise<string | undefined> {
    try {
      const value = await this.client.send(
        new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage, VersionId: versionId }),
      );
      return value.SecretString;
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
  }

  async randomPassword(): Promise<string> {
    const { RandomPassword } = await this.client.send(
      new GetRandomPasswordCommand({
        PasswordLength: PASSWORD_LENGTH,
        ExcludeCharacters: this.excludedPasswordCharacters,
      }),
    );
    if (!RandomPassword) throw new Error('GetRandomPassword returned no password.');
    return RandomPassword;
  }

  /** Writes a version; the token makes a retried call with the same value a no-op on the service side. */
  async putVersion(secretId: string, token: string, secretString: string, stages: string[]): Promise<void> {
    await this.client.send(
      new PutSecretValueCommand({
        SecretId: secretId,
        ClientRequestToken: token,
        SecretString: secretString,
        VersionStages: stages,
      }),
    );
  }

  async moveCurrent(secretId: string, toVersionId: string, fromVersionId: string | undefined): Promise<void> {
    await this.moveStage(secretId, AWSCURRENT, toVersionId, fromVersionId);
  }

  /**
   * Attaches `stage` to a version. A label sits on one version at a time, and when it is on another one the call must
   * name that version (`fromVersionId`), or the service refuses it
   * (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_UpdateSecretVersionStage.html).
   */
  async moveStage(secretId: string, stage: string, toVersionId: string, fromVersionId?: string): Promise<void> {
    await this.client.send(
      new UpdateSecretVersionStageCommand({
        SecretId: secretId,
        VersionStage: stage,
        MoveToVersionId: toVersionId,
        RemoveFromVersionId: fromVersionId,
      }),
    );
  }

  /** Takes `stage` off a version (UpdateSecretVersionStage with RemoveFromVersionId only). */
  async removeStage(secretId: string, stage: string, fromVersionId: string): Promise<void> {
    await this.client.send(
      new UpdateSecretVersionStageCommand({
        SecretId: secretId,
        VersionStage: stage,
        RemoveFromVersionId: fromVersionId,
      }),
    );
  }
}

/**
 * The characters to exclude from generated passwords: the safe default plus whatever EXCLUDE_CHARACTERS adds.
 * The default can only be extended, never weakened, because those characters break connection strings.
 */
export function excludedPasswordCharacters(env: NodeJS.ProcessEnv = process.env): string {
  const extra = env['EXCLUDE_CHARACTERS'] ?? '';
  return [...new Set([...DEFAULT_EXCLUDED_PASSWORD_CHARACTERS, ...extra])].join('');
}
