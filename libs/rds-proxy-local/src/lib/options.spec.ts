import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseCommandLine } from './options';

const required = ['--listen', '127.0.0.1:6033', '--target', 'db.local:3306', '--secret-file', '/tmp/secret.json'];

describe('parseCommandLine', () => {
  it('reads the required options and leaves the rest to the defaults', () => {
    expect(parseCommandLine(required)).toEqual({
      kind: 'run',
      options: {
        listen: { host: '127.0.0.1', port: 6033 },
        target: { host: 'db.local', port: 3306 },
        secretFile: '/tmp/secret.json',
        maxDbConnections: undefined,
        maxIdleDbConnections: undefined,
        borrowTimeoutMs: undefined,
        idleClientTimeoutS: undefined,
        metrics: undefined,
        requireTls: false,
        tls: undefined,
        targetCa: undefined,
      },
    });
  });

  it('reads the pool, timeout, metrics and TLS options', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rds-proxy-local-options-'));
    for (const name of ['cert.pem', 'key.pem', 'ca.pem']) writeFileSync(path.join(dir, name), name);
    const parsed = parseCommandLine([
      ...required,
      '--max-db-connections',
      '5',
      '--max-idle-db-connections',
      '0',
      '--borrow-timeout-ms',
      '250',
      '--idle-client-timeout-s',
      '30',
      '--metrics',
      '127.0.0.1:9100',
      '--require-tls',
      '--tls-cert',
      path.join(dir, 'cert.pem'),
      '--tls-key',
      path.join(dir, 'key.pem'),
      '--target-ca',
      path.join(dir, 'ca.pem'),
    ]);

    rmSync(dir, { recursive: true, force: true });

    expect(parsed).toMatchObject({
      kind: 'run',
      options: {
        maxDbConnections: 5,
        maxIdleDbConnections: 0,
        borrowTimeoutMs: 250,
        idleClientTimeoutS: 30,
        metrics: { host: '127.0.0.1', port: 9100 },
        requireTls: true,
        tls: { cert: Buffer.from('cert.pem'), key: Buffer.from('key.pem') },
        targetCa: Buffer.from('ca.pem'),
      },
    });
  });

  it.each([
    [[], '--listen is required'],
    [['--listen', '127.0.0.1:1', '--target', 'x:1'], '--secret-file is required'],
    [[...required, '--max-db-connections', '0'], '--max-db-connections must be a whole number of at least 1, got "0"'],
    [
      [...required, '--borrow-timeout-ms', 'soon'],
      '--borrow-timeout-ms must be a whole number of at least 1, got "soon"',
    ],
    [[...required, '--metrics', '9100'], '--metrics must be HOST:PORT, got "9100"'],
    [[...required, '--tls-cert', 'cert.pem'], '--tls-cert and --tls-key go together'],
    [[...required, '--require-tls'], '--require-tls needs --tls-cert and --tls-key'],
    [
      [...required, '--tls-cert', '/nonexistent/c', '--tls-key', '/nonexistent/k'],
      '--tls-cert: cannot read /nonexistent/c (ENOENT)',
    ],
    [[...required, 'stray'], "Unexpected argument 'stray'. This command does not take positional arguments"],
  ])('refuses %j: %s', (argv, message) => {
    expect(parseCommandLine(argv)).toEqual({ kind: 'invalid', message });
  });

  it('reads the pool caps as percentages of the target max_connections', () => {
    expect(
      parseCommandLine([...required, '--max-connections-percent', '30', '--max-idle-connections-percent', '10']),
    ).toMatchObject({ kind: 'run', options: { maxConnectionsPercent: 30, maxIdleConnectionsPercent: 10 } });
  });

  it.each([
    [['--max-connections-percent', '0'], '--max-connections-percent must be a whole percentage from 1 to 100, got "0"'],
    [
      ['--max-connections-percent', '101'],
      '--max-connections-percent must be a whole percentage from 1 to 100, got "101"',
    ],
    [
      ['--max-connections-percent', '30', '--max-db-connections', '5'],
      '--max-db-connections or --max-connections-percent, not both',
    ],
    [
      ['--max-connections-percent', '10', '--max-idle-connections-percent', '20'],
      '--max-idle-connections-percent cannot exceed --max-connections-percent',
    ],
  ])('refuses the percentages %j', (extra, message) => {
    expect(parseCommandLine([...required, ...extra])).toEqual({ kind: 'invalid', message });
  });

  it('answers --help', () => {
    expect(parseCommandLine(['--help'])).toEqual({ kind: 'help' });
  });
});
