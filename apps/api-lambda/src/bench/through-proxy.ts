// BENCH_THROUGH_PROXY=1: the bench's MariaDB behind the RDS Proxy stand-in, run as its command (the `rds-proxy-local`
// CLI) in a process of its own, so its CPU is not counted in the bench process, as RDS Proxy runs on
// hardware of its own in AWS. TLS both ways (the proxy offers the server's certificate, IP:127.0.0.1, and verifies
// the server against its CA); the pool cap is the stand-in's default. Nothing here is measured on its own: the bench
// prints its usual lines with the handler's DB_HOST/DB_PORT set to the proxy, plus the proxy's own counters.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

// What the bin (apps/rds-proxy-local/bin) runs, started here directly: the bin waits on it with spawnSync, so a
// SIGTERM to the bin would leave the proxy running with the bench's stdout pipe open, and the bench would never exit.
const CLI = path.resolve('apps/rds-proxy-local/src/cli.ts');
const TSX_LOADER = pathToFileURL(path.resolve('node_modules/tsx/dist/loader.mjs')).href;

export interface ProxyProcess {
  readonly host: string;
  readonly port: number;
  /** `GET /metrics`, keyed by the CloudWatch names. */
  metrics(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

export async function startProxyProcess(options: {
  readonly target: { host: string; port: number };
  readonly secret: { username: string; password: string; dbname: string };
  readonly caFile: string;
}): Promise<ProxyProcess> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-through-proxy-'));
  const secretFile = path.join(dir, 'secret.json');
  writeFileSync(secretFile, JSON.stringify({ ...options.secret, ...options.target }));
  const certDir = path.dirname(options.caFile);
  const child = spawn(
    process.execPath,
    [
      '--import',
      TSX_LOADER,
      CLI,
      ...['--listen', '127.0.0.1:0', '--metrics', '127.0.0.1:0'],
      ...['--target', `${options.target.host}:${options.target.port}`, '--secret-file', secretFile],
      ...['--tls-cert', path.join(certDir, 'server-cert.pem'), '--tls-key', path.join(certDir, 'server-key.pem')],
      ...['--target-ca', options.caFile],
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TSX_TSCONFIG_PATH: path.resolve('tsconfig.json') } },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr = `${stderr}${chunk}`.slice(-2000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // "rds-proxy-local listening on 127.0.0.1:PORT -> ... metrics at http://127.0.0.1:PORT/metrics)"
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`rds-proxy-local exited (${code}): ${stderr}`)));
    createInterface({ input: child.stdout! }).once('line', resolve);
  });
  const listening = /listening on ([\d.]+):(\d+)/.exec(line);
  const metricsUrl = /metrics at (\S+?)\)?$/.exec(line)?.[1];
  if (!listening || !metricsUrl) throw new Error(`rds-proxy-local said: ${line}`);
  return {
    host: listening[1],
    port: Number(listening[2]),
    async metrics() {
      return (await (await fetch(metricsUrl)).json()) as Record<string, number>;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
      child.stdout?.destroy();
      child.stderr?.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
