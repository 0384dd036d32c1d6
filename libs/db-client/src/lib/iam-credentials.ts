import { Signer } from '@aws-sdk/rds-signer';
import type { CredentialSource, Credentials } from './credentials';
import { DbAuthError } from './errors';

export interface IamCredentialOptions {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly region: string;
  readonly clock?: () => number;
}

/** Tokens live 15 minutes; re-sign well before that so a slow connect never presents an expired one. */
export const TOKEN_REUSE_LIMIT_MS = 10 * 60_000;

/** IAM-mode credentials: an RDS auth token, signed locally (no network call), reused for up to 10 minutes. */
export class IamCredentialSource implements CredentialSource {
  readonly needsCleartextPlugin = true;
  readonly refreshable = true;
  private readonly signer: Signer;
  private token?: { value: string; signedAt: number };
  private readonly clock: () => number;

  constructor(private readonly options: IamCredentialOptions) {
    // Credentials come from the Lambda role through the SDK's default provider chain.
    this.signer = new Signer({
      hostname: options.host,
      port: options.port,
      username: options.user,
      region: options.region,
    });
    this.clock = options.clock ?? Date.now;
  }

  async get(fresh: boolean): Promise<Credentials> {
    const now = this.clock();
    if (fresh || !this.token || now - this.token.signedAt > TOKEN_REUSE_LIMIT_MS) {
      try {
        this.token = { value: await this.signer.getAuthToken(), signedAt: now };
      } catch (error) {
        throw new DbAuthError(`Could not sign an IAM auth token (${(error as Error).name})`, (error as Error).name);
      }
    }
    return { user: this.options.user, password: this.token.value };
  }
}
