/** What a credential source hands to the connection factory. Never logged, never put in an error. */
export interface Credentials {
  readonly user: string;
  readonly password: string;
  /** Set by a secret that names its instance; DB_HOST/DB_PORT/DB_NAME win over these. */
  readonly host?: string;
  readonly port?: number;
  readonly database?: string;
}

export interface CredentialSource {
  /** Whether the password must only travel over TLS as cleartext (IAM tokens). */
  readonly needsCleartextPlugin: boolean;
  /**
   * Whether `get(true)` can produce credentials other than the refused ones (a secret, an IAM token). Only then is a
   * refused login retried: repeating a fixed password just adds a failed login (MySQL 8 FAILED_LOGIN_ATTEMPTS).
   */
  readonly refreshable: boolean;
  /** `fresh` bypasses every cache: the server just refused what we had. */
  get(fresh: boolean): Promise<Credentials>;
  /**
   * Credentials worth one last try when even fresh ones were refused: a rotation's next version, which the database
   * may already have (single-user rotation, between setSecret and finishSecret). Undefined when there is none.
   */
  pending?(refused: Credentials): Promise<Credentials | undefined>;
  /** The pending credentials logged in: serve them until the next refresh. */
  adopt?(credentials: Credentials): void;
}

export class StaticCredentialSource implements CredentialSource {
  readonly needsCleartextPlugin = false;
  readonly refreshable = false;

  constructor(private readonly credentials: Credentials) {}

  async get(): Promise<Credentials> {
    return this.credentials;
  }
}
