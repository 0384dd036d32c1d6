/**
 * The local RDS Proxy stand-in (libs/rds-proxy-local) in front of the credentials fixture's MariaDB, for the rotation
 * specs that put the API behind a proxy as in AWS (Lambda -> RDS Proxy -> RDS) while the rotation Lambda keeps
 * talking to the instance itself.
 *
 * The proxy's secret is the app secret's AWSCURRENT version as the Secrets Manager stand-in holds it: RDS Proxy reads
 * its credentials from Secrets Manager, and "until you update the secret, attempts to connect through the proxy using
 * that secret fail" (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-secrets-arns.html). The
 * stand-in reads a file, so a mirror rewrites that file whenever AWSCURRENT changes; the stand-in re-reads it when the
 * DB refuses a login or a client's password does not match its cached copy (docs/rds-proxy-local.md).
 * TLS both ways: the proxy offers the DB's own certificate (IP:127.0.0.1, signed by the fixture's CA, which the API
 * containers trust through DB_TLS_CA_FILE) and verifies the DB against that CA.
 */
import { startStandInFrontOf, type StandInFront } from '@rds-platform/rds-proxy-local/testing';
import type { CredentialsFixture } from './credentials-fixture';

export interface ProxyInFront extends Pick<StandInFront, 'proxy' | 'pinLogLines' | 'metrics'> {
  /** DB_HOST/DB_PORT for an API container that goes through the proxy. */
  clientEnv(): Record<string, string>;
  /** Writes AWSCURRENT to the secret file now, if it changed (the mirror also does it every few milliseconds). */
  syncSecret(): void;
  close(): Promise<void>;
}

export async function startProxyInFront(
  fixture: CredentialsFixture,
  secretId: string,
  options: { maxDbConnections: number; borrowTimeoutMs: number },
): Promise<ProxyInFront> {
  const current = () => {
    const value = fixture.secrets.currentValue(secretId);
    if (value === undefined) throw new Error(`secret ${secretId} has no AWSCURRENT to give the proxy`);
    return value;
  };
  let mirrored = current();
  const front = await startStandInFrontOf(fixture.db, mirrored, options);
  const syncSecret = () => {
    const value = current();
    if (value === mirrored) return;
    front.writeSecret(value);
    mirrored = value;
  };
  const mirror = setInterval(syncSecret, 10);
  const { proxy } = front;
  return {
    proxy,
    pinLogLines: front.pinLogLines,
    metrics: front.metrics,
    clientEnv: () => ({ DB_HOST: proxy.host, DB_PORT: String(proxy.port) }),
    syncSecret,
    async close() {
      clearInterval(mirror);
      await front.close();
    },
  };
}
