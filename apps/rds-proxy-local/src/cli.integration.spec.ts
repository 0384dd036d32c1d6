import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createConnection } from 'mysql2/promise';
import { APP_DATABASE, APP_USER, startProxyFixture, type ProxyFixture } from '@rds-platform/rds-proxy-local/testing';

const bin = path.join(__dirname, '../bin/rds-proxy-local.js');

describe('the rds-proxy-local command', () => {
  let fixture: ProxyFixture;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    fixture = await startProxyFixture();
  }, 60_000);
  afterEach(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      // The bin runs the CLI as its own child (tools/run-typescript-cli): signal the whole group it leads.
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
    child = undefined;
  });
  afterAll(() => fixture?.destroy());

  it.each([
    [['--listen', '127.0.0.1:0', '--target', '127.0.0.1:3306'], /--secret-file is required/],
    [['--listen', 'nowhere', '--target', '127.0.0.1:3306', '--secret-file', 'x'], /--listen must be HOST:PORT/],
    [['--bogus'], /Unknown option '--bogus'/],
    [
      ['--listen', '127.0.0.1:0', '--target', '127.0.0.1:1', '--secret-file', 'x', '--require-tls'],
      /--require-tls needs/,
    ],
  ])('refuses bad options with one line on stderr and exit 2 (%j)', (args, message) => {
    const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('prints one line when listening and serves a query through to the target', async () => {
    child = spawn(
      process.execPath,
      [
        bin,
        '--listen',
        '127.0.0.1:0',
        '--target',
        `127.0.0.1:${fixture.server.port}`,
        '--secret-file',
        fixture.secretFile,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    const line = await new Promise<string>((resolve, reject) => {
      let output = '';
      child!.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('\n')) resolve(output.split('\n')[0]);
      });
      child!.once('exit', (code) => reject(new Error(`exited with ${code} before listening`)));
    });
    const port = Number(/listening on 127\.0\.0\.1:(\d+) /.exec(line)?.[1]);

    const client = await createConnection({
      host: '127.0.0.1',
      port,
      user: APP_USER,
      password: 'first-password',
      database: APP_DATABASE,
    });
    try {
      const [rows] = await client.query('SELECT 6 * 7 AS answer');
      expect(rows).toEqual([{ answer: 42 }]);
    } finally {
      await client.end();
    }
    expect(line).toMatch(
      new RegExp(`^rds-proxy-local listening on 127\\.0\\.0\\.1:\\d+ -> 127\\.0\\.0\\.1:${fixture.server.port} `),
    );
  }, 30_000);
});
