import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { TrustedRoots } from './trusted-roots';

/** Where the credentials come from. */
export type DbAuthConfig =
  | {
      /** Username and password (plus optional host, port, dbname) from a Secrets Manager secret. */
      readonly mode: 'secret';
      /** Secret ARN or name. */
      readonly secretId: string;
      /** How long a fetched secret is reused before a refresh. @default 300 */
      readonly cacheTtlSeconds?: number;
      /** A client of your own (custom retries, tests). @default a client honouring AWS_REGION / AWS_ENDPOINT_URL_SECRETS_MANAGER */
      readonly secretsManagerClient?: SecretsManagerClient;
    }
  | {
      /** A 15-minute IAM auth token from `@aws-sdk/rds-signer`, sent with the cleartext plugin over TLS only. */
      readonly mode: 'iam';
      readonly user: string;
      readonly region: string;
    }
  | {
      /** Fixed credentials, e.g. from a `mysql://` URL given on a command line. */
      readonly mode: 'password';
      readonly user: string;
      readonly password: string;
    };

/** How the connection is encrypted. */
export type DbTlsConfig =
  /**
   * Verify the server against these roots: `RDS_PROXY_ROOTS` for an RDS Proxy endpoint, `RDS_INSTANCE_ROOTS` for a DB
   * instance, `anyRdsEndpointRoots()` when it may be either. Each function names only what it connects to, so its
   * bundle carries only those certificates.
   */
  | { readonly mode: 'verify'; readonly roots: TrustedRoots }
  /** Verify the server against the CA in this PEM file (local servers with their own CA). */
  | { readonly mode: 'ca-file'; readonly caFile: string }
  /** Plain TCP, for local servers only. A warning is logged on every new connection. */
  | { readonly mode: 'disabled' };

/** Minimal structured logger: Powertools Logger and `console` both fit. */
export interface DbClientLogger {
  warn(message: string, extra: Record<string, unknown>): void;
  info(message: string, extra: Record<string, unknown>): void;
}

/** Hooks for metrics. Every member is optional; none of them receives a credential. */
export interface DbClientObserver {
  /** A real Secrets Manager request was sent (cache misses and forced refreshes). */
  secretFetched?(): void;
  /** A fresh secret or token was forced because the server refused the cached one. */
  credentialsForcedRefresh?(): void;
  /** A login failed at once, without a refresh, because refreshes back off after refused fresh credentials. */
  credentialsRefreshSuppressed?(): void;
  /** A new physical connection was opened; `reason` says why the previous one (if any) was replaced. */
  connectionOpened?(reason: 'first' | 'lost' | 'idle'): void;
  /** A connect or query was retried once. */
  retried?(reason: 'access-denied' | 'connection-lost'): void;
  /** A statement finished (successfully or not) after this many milliseconds. */
  queryCompleted?(durationMs: number): void;
}

/**
 * Everything `createDbClient` needs. Build it from explicit values, or from a Lambda environment with
 * `dbClientConfigFromEnv`, or from a `mysql://` URL with `dbClientConfigFromUrl`.
 */
export interface DbClientConfig {
  readonly auth: DbAuthConfig;
  /** Overrides the secret's host (the Lambda must go through the proxy). Required unless the secret names one. */
  readonly host?: string;
  /** Overrides the secret's port. @default the secret's port, else 3306 */
  readonly port?: number;
  /** Overrides the secret's dbname. @default the secret's dbname, else none */
  readonly database?: string;
  /** How the server is verified. No default: which roots apply depends on what the client connects to. */
  readonly tls: DbTlsConfig;
  /** @default 3000 */
  readonly connectTimeoutMs?: number;
  /** A statement running longer fails with DbUnavailableError and the connection is replaced. @default 5000 */
  readonly queryTimeoutMs?: number;
  /** RDS Proxy's IdleClientTimeout: a connection idle longer than this minus a margin is replaced before use. @default 1800 */
  readonly proxyIdleTimeoutSeconds?: number;
  /** @default console */
  readonly logger?: DbClientLogger;
  readonly observer?: DbClientObserver;
}

export const DEFAULTS = {
  port: 3306,
  cacheTtlSeconds: 300,
  connectTimeoutMs: 3000,
  queryTimeoutMs: 5000,
  proxyIdleTimeoutSeconds: 1800,
  /** Replace idle connections this long before the proxy would drop them (Lambda freezes stop keepalives). */
  idleMarginSeconds: 60,
} as const;
