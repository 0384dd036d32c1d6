/**
 * The stand-in in front of a throwaway TLS MariaDB, as other projects' specs put it between their code and the
 * database (Lambda -> RDS Proxy -> RDS): it offers the server's own certificate (IP:127.0.0.1, signed by the
 * server's CA, which clients already trust), verifies the server against that CA, reads its credentials from a
 * secret file the spec writes, keeps every log line, and reads its `GET /metrics` (the CloudWatch names:
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.monitoring.html).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MariaDbServer } from '@rds-platform/testing/mariadb';
import type { ProxyMetrics } from '../metrics';
import { startRdsProxyLocal, type RdsProxyLocal, type RdsProxyLocalOptions } from '../proxy';

export interface StandInFront {
  readonly proxy: RdsProxyLocal;
  /** Every line the proxy logged (listening, pinning events). */
  readonly logLines: readonly string[];
  /** The lines naming a pinning event, in the proxy's wording ("was pinned to the database connection"). */
  pinLogLines(): string[];
  /** `GET /metrics`, the JSON object keyed by the CloudWatch names. */
  metrics(): Promise<ProxyMetrics>;
  /** Replaces the secret file's content (the stand-in re-reads it when a login needs it). */
  writeSecret(secretJson: string): void;
  close(): Promise<void>;
}

export type StandInFrontOptions = Omit<RdsProxyLocalOptions, 'target' | 'secretFile' | 'metrics' | 'log' | 'tls'>;

export async function startStandInFrontOf(
  server: MariaDbServer,
  secretJson: string,
  options: StandInFrontOptions = {},
): Promise<StandInFront> {
  if (!server.caFile) throw new Error('the throwaway MariaDB was started without TLS');
  const caDir = path.dirname(server.caFile);
  const dir = mkdtempSync(path.join(tmpdir(), 'rds-proxy-in-front-'));
  const secretFile = path.join(dir, 'secret.json');
  const writeSecret = (secret: string) => writeFileSync(secretFile, secret);
  writeSecret(secretJson);
  const logLines: string[] = [];
  const proxy = await startRdsProxyLocal({
    ...options,
    target: { host: server.host, port: server.port },
    secretFile,
    metrics: { host: '127.0.0.1', port: 0 },
    tls: {
      cert: readFileSync(path.join(caDir, 'server-cert.pem')),
      key: readFileSync(path.join(caDir, 'server-key.pem')),
    },
    targetCa: options.targetCa ?? readFileSync(server.caFile),
    log: (line) => logLines.push(line),
  });
  return {
    proxy,
    logLines,
    pinLogLines: () => logLines.filter((line) => /pinned/i.test(line)),
    async metrics() {
      const response = await fetch(proxy.metricsUrl as string);
      if (!response.ok) throw new Error(`GET ${proxy.metricsUrl} answered ${response.status}`);
      return (await response.json()) as ProxyMetrics;
    },
    writeSecret,
    async close() {
      await proxy.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
