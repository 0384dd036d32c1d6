import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { RdsProxyLocalOptions } from './proxy';

export const USAGE = `Usage: rds-proxy-local --listen HOST:PORT --target HOST:PORT --secret-file PATH [options]

A local stand-in for RDS Proxy (MySQL engine family) in front of any MySQL-compatible server.

  --listen HOST:PORT            where clients connect (port 0: any free port)
  --target HOST:PORT            the MySQL-compatible server behind it
  --secret-file PATH            JSON secret {"username","password"[,"host","port","dbname"]}, re-read on rotation
  --max-db-connections N        pool cap (MaxConnectionsPercent x max_connections)      [10]
  --max-idle-db-connections N   idle connections kept (MaxIdleConnectionsPercent)        [half the cap]
  --max-connections-percent P   the cap as a percentage of the target's max_connections (read at start)
  --max-idle-connections-percent P  the idle cap as a percentage of the target's max_connections
  --borrow-timeout-ms N         ConnectionBorrowTimeout                                   [120000]
  --idle-client-timeout-s N     IdleClientTimeout                                         [1800]
  --metrics HOST:PORT           serve GET /metrics (JSON keyed by CloudWatch metric names)
  --require-tls                 RequireTLS (needs --tls-cert and --tls-key)
  --tls-cert FILE, --tls-key FILE  PEM certificate and key offered to clients
  --target-ca FILE              speak TLS to the target, verified against this CA
  --help`;

export type ParsedCommandLine =
  | { readonly kind: 'run'; readonly options: RdsProxyLocalOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'invalid'; readonly message: string };

function hostPort(flag: string, value: string): { host: string; port: number } {
  const match = /^(.+):(\d{1,5})$/.exec(value);
  const port = match ? Number(match[2]) : NaN;
  if (!match || port > 65535) throw new Error(`${flag} must be HOST:PORT, got "${value}"`);
  return { host: match[1].replace(/^\[(.*)\]$/, '$1'), port };
}

function positiveInteger(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new Error(`${flag} must be a whole number of at least 1, got "${value}"`);
  return Number(value);
}

/** A whole percentage from `minimum` to 100 (MaxConnectionsPercent 1-100, MaxIdleConnectionsPercent 0-100). */
function percentage(flag: string, value: string | undefined, minimum: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < minimum || Number(value) > 100) {
    throw new Error(`${flag} must be a whole percentage from ${minimum} to 100, got "${value}"`);
  }
  return Number(value);
}

function readFile(flag: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new Error(`${flag}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

/** Reads the command line; files named by it (TLS material) are read here so a bad path is a usage error. */
export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  try {
    const { values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        listen: { type: 'string' },
        target: { type: 'string' },
        'secret-file': { type: 'string' },
        'max-db-connections': { type: 'string' },
        'max-idle-db-connections': { type: 'string' },
        'max-connections-percent': { type: 'string' },
        'max-idle-connections-percent': { type: 'string' },
        'borrow-timeout-ms': { type: 'string' },
        'idle-client-timeout-s': { type: 'string' },
        metrics: { type: 'string' },
        'require-tls': { type: 'boolean' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'target-ca': { type: 'string' },
        help: { type: 'boolean' },
      },
    });
    if (values.help) return { kind: 'help' };
    for (const required of ['listen', 'target', 'secret-file'] as const) {
      if (!values[required]) throw new Error(`--${required} is required`);
    }
    if (Boolean(values['tls-cert']) !== Boolean(values['tls-key'])) {
      throw new Error('--tls-cert and --tls-key go together');
    }
    if (values['require-tls'] && !values['tls-cert']) throw new Error('--require-tls needs --tls-cert and --tls-key');
    for (const [count, percent] of [
      ['max-db-connections', 'max-connections-percent'],
      ['max-idle-db-connections', 'max-idle-connections-percent'],
    ] as const) {
      if (values[count] !== undefined && values[percent] !== undefined)
        throw new Error(`--${count} or --${percent}, not both`);
    }
    const maxConnectionsPercent = percentage('--max-connections-percent', values['max-connections-percent'], 1);
    const maxIdleConnectionsPercent = percentage(
      '--max-idle-connections-percent',
      values['max-idle-connections-percent'],
      0,
    );
    if ((maxIdleConnectionsPercent ?? 0) > (maxConnectionsPercent ?? 100)) {
      throw new Error('--max-idle-connections-percent cannot exceed --max-connections-percent');
    }
    const maxDbConnections = positiveInteger('--max-db-connections', values['max-db-connections']);
    const maxIdleDbConnections =
      values['max-idle-db-connections'] === '0'
        ? 0
        : positiveInteger('--max-idle-db-connections', values['max-idle-db-connections']);
    return {
      kind: 'run',
      options: {
        listen: hostPort('--listen', values.listen!),
        target: hostPort('--target', values.target!),
        secretFile: values['secret-file']!,
        maxDbConnections,
        maxIdleDbConnections,
        ...(maxConnectionsPercent === undefined ? {} : { maxConnectionsPercent }),
        ...(maxIdleConnectionsPercent === undefined ? {} : { maxIdleConnectionsPercent }),
        borrowTimeoutMs: positiveInteger('--borrow-timeout-ms', values['borrow-timeout-ms']),
        idleClientTimeoutS: positiveInteger('--idle-client-timeout-s', values['idle-client-timeout-s']),
        metrics: values.metrics ? hostPort('--metrics', values.metrics) : undefined,
        requireTls: values['require-tls'] ?? false,
        tls: values['tls-cert']
          ? { cert: readFile('--tls-cert', values['tls-cert']), key: readFile('--tls-key', values['tls-key']!) }
          : undefined,
        targetCa: values['target-ca'] ? readFile('--target-ca', values['target-ca']) : undefined,
      },
    };
  } catch (error) {
    // Node's own errors (parseArgs) may come from another realm under a test runner: read the message, not the class.
    const message = (error as { message?: unknown })?.message;
    return { kind: 'invalid', message: typeof message === 'string' ? message : String(error) };
  }
}
