// The CLI as users run it (`npm run failover-meter -- ...`): a real process, its exit code, stdout and stderr.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startReliabilityEnvironment, type ApiUnderTest, type ReliabilityEnvironment } from './reliability/local-api';

const WORKSPACE_ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(__dirname, 'cli.ts');

interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI; `whileRunning` may act on it (e.g. send SIGINT) once it has started. */
function runCli(
  args: string[],
  whileRunning?: (signal: (name: NodeJS.Signals) => void) => Promise<void>,
  env: NodeJS.ProcessEnv = {},
): Promise<CliResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: WORKSPACE_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  void whileRunning?.((name) => child.kill(name));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('failover-meter CLI', () => {
  let environment: ReliabilityEnvironment;
  let api: ApiUnderTest;

  beforeAll(async () => {
    environment = await startReliabilityEnvironment();
    api = await environment.startApi('cli');
    await environment.mariaDb.rootQuery('CREATE DATABASE direct');
  }, 60_000);
  afterAll(() => environment?.stop());

  const directUrl = () => environment.mariaDb.url({ database: 'direct' });
  const rowsOf = async (runId: string) =>
    (
      await environment.mariaDb.rootQuery<{ n: number }>(
        'SELECT COUNT(*) AS n FROM direct.heartbeats WHERE run_id = ?',
        [runId],
      )
    )[0].n;

  it('exits 2 with the usage on stderr, and nothing on stdout, when an option is missing', async () => {
    const result = await runCli(['--api', 'http://127.0.0.1:1']);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('failover-meter: --run-id is required');
    expect(result.stderr).toContain('Usage: failover-meter');
  }, 30_000);

  it('measures through the local API and prints one JSON object with the documented fields', async () => {
    const result = await runCli([
      '--api',
      api.url,
      '--no-sign',
      '--run-id',
      'cli-api',
      '--interval',
      '0.1',
      '--duration',
      '1.5',
      '--json',
    ]);

    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(Object.keys(report)).toEqual(
      expect.arrayContaining([
        'attempts',
        'successes',
        'failures',
        'windows',
        'totalDowntimeMs',
        'hostBefore',
        'hostAfter',
        'lost',
        'ambiguous',
        'p50Ms',
        'p99Ms',
        'lastAcknowledgedSeqBeforeFirstWindow',
        'verdict',
      ]),
    );
    expect(report).toMatchObject({ failures: 0, windows: [], lost: [], ambiguous: [], ok: true });
    expect(report.successes).toBeGreaterThan(0);
    expect(report.hostBefore).toEqual(expect.any(String));
  }, 30_000);

  it('goes straight at the DB, creates the table, and still reports after Ctrl-C', async () => {
    const result = await runCli(
      ['--mysql-url', directUrl(), '--run-id', 'cli-db', '--interval', '0.1'],
      async (signal) => {
        await waitFor(async () => (await rowsOf('cli-db').catch(() => 0)) >= 3);
        signal('SIGINT');
      },
    );

    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      `Failover meter: run cli-db against mysql 127.0.0.1:${environment.mariaDb.port}/direct as root`,
    );
    expect(lines.at(-1)).toMatch(/^PASS: no failure window, 0 of \d+ acknowledged heartbeats lost$/);
    expect(result.stderr).toContain('stopping after the attempt in flight');
  }, 30_000);

  it('takes the DB credentials from a secret and verifies TLS with DB_TLS_CA_FILE', async () => {
    const { mariaDb, secrets } = environment;
    const secretArn = secrets.createSecret(
      'meter-direct',
      JSON.stringify({
        engine: 'mysql',
        username: 'root',
        password: mariaDb.rootPassword,
        host: mariaDb.host,
        port: mariaDb.port,
        dbname: 'direct',
      }),
    );
    const handshakesBefore = await mariaDb.statusValue('Ssl_accepts');

    const result = await runCli(
      ['--secret-arn', secretArn, '--run-id', 'cli-secret', '--duration', '1', '--json'],
      undefined,
      {
        ...secrets.clientEnv(),
        DB_TLS_CA_FILE: mariaDb.caFile,
      },
    );

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ target: `secret ${secretArn}`, failures: 0, lost: [], ok: true });
    expect(await mariaDb.statusValue('Ssl_accepts')).toBeGreaterThan(handshakesBefore);
  }, 30_000);

  it('exits 1 and names the seqs when acknowledged heartbeats are missing from the read-back', async () => {
    const result = await runCli(
      ['--mysql-url', directUrl(), '--run-id', 'cli-lost', '--interval', '0.1', '--duration', '60', '--json'],
      async (signal) => {
        await waitFor(async () => (await rowsOf('cli-lost').catch(() => 0)) >= 3);
        // Plays a failover that dropped committed rows: exactly what the loss check is there to catch.
        await environment.mariaDb.rootQuery(
          "DELETE FROM direct.heartbeats WHERE run_id = 'cli-lost' AND seq IN (1, 2)",
        );
        signal('SIGINT');
      },
    );

    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.lost).toEqual([1, 2]);
    expect(report.verdict).toMatch(/^FAIL: acknowledged heartbeats LOST \(seq 1, 2\)/);
  }, 30_000);
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
