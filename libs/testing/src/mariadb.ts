/**
 * A throwaway MariaDB server for tests: our stand-in for RDS MySQL 8.
 *
 * Each server lives in its own temp dir (data dir, socket, pid file, TLS certificates) on a free loopback port, so
 * suites can run side by side. It serves TLS with a certificate signed by a per-server CA (`caFile`), which lets the
 * code under test verify the server the way it verifies RDS, instead of turning certificate checks off.
 *
 * @example
 * const server = await startMariaDb();
 * await createAppUser(server, { database: 'app', user: 'serverless', password: 'x' });
 * // ... DB_HOST=server.host DB_PORT=server.port DB_TLS_CA_FILE=server.caFile
 * await server.destroy();
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createConnection, type Connection } from 'mysql2/promise';

export interface MariaDbServer {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly dataDir: string;
  readonly socketPath: string;
  readonly rootUser: 'root';
  readonly rootPassword: string;
  /** PEM file of the CA that signed the server certificate (undefined when started with `tls: false`). */
  readonly caFile: string | undefined;
  /** The server's process id, or undefined while it is stopped. */
  readonly pid: number | undefined;
  /** `mysql://user:password@127.0.0.1:port/database`, root by default. */
  url(options?: { user?: string; password?: string; database?: string }): string;
  /** Runs one statement as root over the socket (a fresh connection each time, so it never pins a session). */
  rootQuery<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** A `SHOW GLOBAL STATUS` value as a number, e.g. `Connections` or `Threads_connected`. */
  statusValue(name: string): Promise<number>;
  /** Graceful shutdown (SIGTERM), resolved once the process has exited. */
  stop(): Promise<void>;
  /** SIGKILL, like a crashed host; resolved once the process has exited. */
  kill(): Promise<void>;
  /** Starts the server again on the same data dir and port, resolved once it accepts connections. */
  start(): Promise<void>;
  /** Stops the server and deletes its temp dir. */
  destroy(): Promise<void>;
}

export interface StartMariaDbOptions {
  /** Serve TLS with a per-server CA. @default true */
  readonly tls?: boolean;
  /** Extra `mariadbd` options, e.g. `['--max-connections=20']`. @default [] */
  readonly extraArgs?: readonly string[];
  /** How long to wait for the server to accept connections. @default 30000 */
  readonly readyTimeoutMs?: number;
}

const SERVER_BINARY_CANDIDATES = ['/usr/sbin/mariadbd', '/usr/bin/mariadbd', '/usr/sbin/mysqld'];

function findBinary(candidates: readonly string[], name: string): string {
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new Error(
      `${name} was not found (looked in ${candidates.join(', ')}). Install MariaDB from Debian: ` +
        '`apt-get update && apt-get install -y mariadb-server` (.ci/run does this).',
    );
  }
  return found;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

// P-256 keys: generated in milliseconds, where a 2048-bit RSA key takes 0.1-0.5 s of CPU (two per server).
const KEY_OPTIONS = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'];

function createCertificates(dir: string): { caFile: string; certFile: string; keyFile: string } {
  const file = (name: string) => path.join(dir, name);
  const openssl = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  openssl([
    'req',
    '-x509',
    ...KEY_OPTIONS,
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=Throwaway Test CA',
    '-keyout',
    file('ca-key.pem'),
    '-out',
    file('ca.pem'),
  ]);
  openssl([
    'req',
    ...KEY_OPTIONS,
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    file('server-key.pem'),
    '-out',
    file('server.csr'),
  ]);
  const extensions = file('san.cnf');
  writeFileSync(extensions, 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl([
    'x509',
    '-req',
    '-days',
    '2',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca-key.pem'),
    '-CAcreateserial',
    '-extfile',
    extensions,
    '-out',
    file('server-cert.pem'),
  ]);
  return { caFile: file('ca.pem'), certFile: file('server-cert.pem'), keyFile: file('server-key.pem') };
}

/** InnoDB settings of every server; the data dir is installed with the same, so no server resizes its redo log. */
const INNODB_ARGS = ['--innodb-buffer-pool-size=32M', '--innodb-log-file-size=16M'];

/**
 * A freshly installed data dir (`mariadb-install-db`: system tables, root without a password), made once per
 * machine and MariaDB build in the OS temp dir and copied for each server: installing took ~0.7 s per server, a
 * copy of the 34 MB takes a few ms. Made in a staging folder and renamed into place, so parallel suites never see a
 * half-made one.
 */
function freshDataDirectory(installBinary: string): string {
  const server = statSync(findBinary(SERVER_BINARY_CANDIDATES, 'mariadbd'));
  const key = createHash('sha256')
    .update(JSON.stringify([installBinary, server.size, server.mtimeMs, INNODB_ARGS]))
    .digest('hex')
    .slice(0, 16);
  const template = path.join(tmpdir(), `rdsp-mariadb-data-${key}`);
  if (existsSync(template)) return template;
  const staging = mkdtempSync(path.join(tmpdir(), 'rdsp-mariadb-data-staging-'));
  try {
    const data = path.join(staging, 'data');
    execFileSync(
      installBinary,
      [
        '--no-defaults',
        `--datadir=${data}`,
        '--user=root',
        '--skip-test-db',
        `--tmpdir=${staging}`,
        '--auth-root-authentication-method=normal',
        ...INNODB_ARGS,
      ],
      { stdio: 'pipe' },
    );
    renameSync(data, template);
  } catch (error) {
    // Another suite finished the same install first: use its copy.
    if (!existsSync(template)) throw error;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return template;
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startMariaDb(options: StartMariaDbOptions = {}): Promise<MariaDbServer> {
  const serverBinary = findBinary(SERVER_BINARY_CANDIDATES, 'mariadbd');
  const installBinary = findBinary(['/usr/bin/mariadb-install-db', '/usr/bin/mysql_install_db'], 'mariadb-install-db');
  const baseDir = mkdtempSync(path.join(tmpdir(), 'mariadb-'));
  const dataDir = path.join(baseDir, 'data');
  const socketPath = path.join(baseDir, 'mysqld.sock');
  const errorLog = path.join(baseDir, 'error.log');
  // Each server gets its own tmpdir: servers installed side by side in the shared /tmp collide on temp-table names.
  const serverTmpDir = path.join(baseDir, 'tmp');
  mkdirSync(serverTmpDir);
  const rootPassword = `root-${Math.random().toString(36).slice(2, 12)}`;
  const port = await freePort();
  const certificates = options.tls === false ? undefined : createCertificates(baseDir);

  cpSync(freshDataDirectory(installBinary), dataDir, { recursive: true });

  const args = [
    '--no-defaults',
    `--datadir=${dataDir}`,
    `--socket=${socketPath}`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    `--pid-file=${path.join(baseDir, 'mysqld.pid')}`,
    `--log-error=${errorLog}`,
    '--user=root',
    '--skip-name-resolve',
    `--tmpdir=${serverTmpDir}`,
    // Durability as on RDS: an acknowledged commit survives SIGKILL.
    '--innodb-flush-log-at-trx-commit=1',
    '--innodb-doublewrite=1',
    ...INNODB_ARGS,
    '--performance-schema=OFF',
    ...(certificates
      ? [`--ssl-ca=${certificates.caFile}`, `--ssl-cert=${certificates.certFile}`, `--ssl-key=${certificates.keyFile}`]
      : []),
    ...(options.extraArgs ?? []),
  ];
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  let child: ChildProcess | undefined;

  const connectRoot = (password: string | undefined): Promise<Connection> =>
    createConnection({ socketPath, user: 'root', password, connectTimeout: 2000 });

  async function launch(): Promise<void> {
    const serverProcess = spawn(serverBinary, args, { stdio: 'ignore' });
    child = serverProcess;
    const deadline = Date.now() + readyTimeoutMs;
    for (;;) {
      if (serverProcess.exitCode !== null || serverProcess.signalCode !== null) {
        throw new Error(`mariadbd exited during start-up; its log says:\n${tailOf(errorLog)}`);
      }
      try {
        const connection = await connectRoot(rootReady ? rootPassword : undefined);
        await connection.end();
        return;
      } catch (error) {
        if (Date.now() > deadline) {
          throw new Error(
            `mariadbd did not accept connections within ${readyTimeoutMs} ms (${String(error)}); ` +
              `its log says:\n${tailOf(errorLog)}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }

  async function signal(name: NodeJS.Signals): Promise<void> {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    running.kill(name);
    await waitForExit(running);
  }

  let rootReady = false;
  await launch();
  const setup = await connectRoot(undefined);
  try {
    for (const host of ['localhost', '127.0.0.1', '%']) {
      await setup.query(`CREATE USER IF NOT EXISTS 'root'@'${host}'`);
      await setup.query(`ALTER USER 'root'@'${host}' IDENTIFIED BY ?`, [rootPassword]);
      await setup.query(`GRANT ALL PRIVILEGES ON *.* TO 'root'@'${host}' WITH GRANT OPTION`);
    }
  } finally {
    await setup.end();
  }
  rootReady = true;

  const server: MariaDbServer = {
    host: '127.0.0.1',
    port,
    dataDir,
    socketPath,
    rootUser: 'root',
    rootPassword,
    caFile: certificates?.caFile,
    get pid() {
      return child?.pid;
    },
    url({ user = 'root', password = rootPassword, database = '' } = {}) {
      return `mysql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
    },
    async rootQuery<T>(sql: string, params: unknown[] = []): Promise<T[]> {
      const connection = await connectRoot(rootPassword);
      try {
        const [rows] = await connection.query(sql, params);
        return rows as T[];
      } finally {
        await connection.end();
      }
    },
    async statusValue(name: string): Promise<number> {
      const rows = await server.rootQuery<{ Value: string }>('SHOW GLOBAL STATUS LIKE ?', [name]);
      if (rows.length === 0) throw new Error(`MariaDB has no status variable named ${name}`);
      return Number(rows[0].Value);
    },
    stop: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
    async start() {
      if (child) throw new Error('the throwaway MariaDB is already running');
      await launch();
    },
    async destroy() {
      await signal('SIGTERM');
      rmSync(baseDir, { recursive: true, force: true });
    },
  };
  return server;
}

function tailOf(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '(no log written)';
  }
}

/**
 * Creates a schema and a DML-only user on it, as seed 002 does for the `serverless` user.
 */
export async function createAppUser(
  server: MariaDbServer,
  { database, user, password }: { database: string; user: string; password: string },
): Promise<void> {
  await server.rootQuery(`CREATE DATABASE IF NOT EXISTS \`${database}\``);
  await server.rootQuery(`CREATE USER IF NOT EXISTS ?@'%' IDENTIFIED BY ?`, [user, password]);
  await server.rootQuery(`GRANT SELECT, INSERT, UPDATE ON \`${database}\`.* TO ?@'%'`, [user]);
}
