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
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startRdsProxyLocal, type ProxyMetrics, type RdsProxyLocal } from '@rds-platform/rds-proxy-local';
import type { CredentialsFixture } from './credentials-fixture';

export interface ProxyInFront {
  readonly proxy: RdsProxyLocal;
  /** The lines naming a pinning event, in the proxy's wording ("was pinned to the database connection"). */
  pinLogLines(): string[];
  /** `GET /metrics`, the JSON object keyed by the CloudWatch names. */
  metrics(): Promise<ProxyMetrics>;
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
  const { db } = fixture;
  if (!db.caFile) throw new Error('the throwaway MariaDB was started without TLS');
  const dir = mkdtempSync(path.join(tmpdir(), 'rotation-through-proxy-'));
  const secretFile = path.join(dir, 'secret.json');
  let mirrored: string | undefined;
  const syncSecret = () => {
    const current = fixture.secrets.currentValue(secretId);
    if (current === undefined) throw new Error(`secret ${secretId} has no AWSCURRENT to give the proxy`);
    if (current === mirrored) return;
    writeFileSync(secretFile, current);
    mirrored = current;
  };
  syncSecret();
  const mirror = setInterval(syncSecret, 10);
  const caDir = path.dirname(db.caFile);
  const logLines: string[] = [];
  const proxy = await startRdsProxyLocal({
    ...options,
    target: { host: db.host, port: db.port },
    secretFile,
    metrics: { host: '127.0.0.1', port: 0 },
    tls: {
      cert: readFileSync(path.join(caDir, 'server-cert.pem')),
      key: readFileSync(path.join(caDir, 'server-key.pem')),
    },
    targetCa: readFileSync(db.caFile),
    log: (line) => logLines.push(line),
  });
  return {
    proxy,
    pinLogLines: () => logLines.filter((line) => /pinned/i.test(line)),
    async metrics() {
      const response = await fetch(proxy.metricsUrl as string);
      if (!response.ok) throw new Error(`GET ${proxy.metricsUrl} answered ${response.status}`);
      return (await response.json()) as ProxyMetrics;
    },
    clientEnv: () => ({ DB_HOST: proxy.host, DB_PORT: String(proxy.port) }),
    syncSecret,
    async close() {
      clearInterval(mirror);
      await proxy.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
