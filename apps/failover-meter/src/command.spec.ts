import { PassThrough } from 'node:stream';
import { runCommand, type CommandIo } from './command';

function fakeIo(env: NodeJS.ProcessEnv = {}) {
  const stdout = Object.assign(new PassThrough(), { isTTY: false }) as unknown as NodeJS.WriteStream;
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += chunk));
  stderr.on('data', (chunk) => (err += chunk));
  const io: CommandIo = { stdout, stderr, env, onInterrupt: () => () => undefined, exitNow: () => undefined };
  return { io, output: () => ({ out, err }) };
}

describe('runCommand', () => {
  it('prints the usage on stdout and exits 0 for --help', async () => {
    const { io, output } = fakeIo();

    expect(await runCommand(['--help'], io)).toBe(0);
    expect(output().out).toMatch(/^Usage: failover-meter/);
  });

  it('exits 2 when SigV4 signing has no region to sign for', async () => {
    const { io, output } = fakeIo({});

    const code = await runCommand(['--api', 'https://api.example.com', '--run-id', 'r1'], io);

    expect(code).toBe(2);
    expect(output().err).toContain('cannot start: cannot tell the AWS region of api.example.com');
  });

  it('exits 2 for a DB_TLS value db-client rejects', async () => {
    const { io, output } = fakeIo({ DB_TLS: 'maybe' });

    const code = await runCommand(['--mysql-url', 'mysql://u:p@127.0.0.1:1/db', '--run-id', 'r1'], io);

    expect(code).toBe(2);
    expect(output().err).toContain('DB_TLS must be "enabled" or "disabled"');
  });
});
