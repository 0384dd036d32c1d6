/**
 * The credentials Lambda: `handler` rotates the app secret (Secrets Manager's single-user rotation contract) and
 * `bootstrap` creates the app schema, user and first secret version once per deploy.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { runBootstrap, type BootstrapResult } from './lib/bootstrap';
import { runSchemaMigrations } from './lib/schema-migrations';
import { rotate } from './lib/rotation-handler';
import { excludedPasswordCharacters, SecretStore } from './lib/secret-store';

let store: SecretStore | undefined;

// Built on first use, so the SDK reads AWS_REGION / AWS_ENDPOINT_URL_SECRETS_MANAGER as they are at invocation time.
function secretStore(): SecretStore {
  store ??= new SecretStore(new SecretsManagerClient({}), excludedPasswordCharacters());
  return store;
}

/** Rotation entry point: `{ SecretId, ClientRequestToken, Step }` from Secrets Manager. */
export async function handler(event: unknown): Promise<void> {
  await rotate(secretStore(), event);
}

/** Bootstrap entry point, invoked by Terraform (`aws_lambda_invocation`); returns non-secret facts only. */
export async function bootstrap(event: unknown): Promise<BootstrapResult> {
  return runBootstrap(secretStore(), event, runSchemaMigrations);
}
