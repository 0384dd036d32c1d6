import { parseCommandLine } from './options';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-db-AbCdEf';

function invalidMessage(argv: string[]): string {
  const parsed = parseCommandLine(argv);
  if (parsed.kind !== 'invalid') throw new Error(`expected invalid, got ${parsed.kind}`);
  return parsed.message;
}

describe('parseCommandLine', () => {
  it('applies the documented defaults to an API run', () => {
    const parsed = parseCommandLine(['--api', 'https://abc.execute-api.eu-west-1.amazonaws.com', '--run-id', 'r1']);

    expect(parsed).toEqual({
      kind: 'run',
      options: {
        target: { kind: 'api', baseUrl: new URL('https://abc.execute-api.eu-west-1.amazonaws.com'), sign: true },
        runId: 'r1',
        intervalMs: 500,
        durationMs: undefined,
        settleMs: 5000,
        timeoutMs: 5000,
        giveUpMs: 60000,
        json: false,
      },
    });
  });

  it('reads seconds as milliseconds and the flags', () => {
    const parsed = parseCommandLine([
      '--api=http://127.0.0.1:3000',
      '--no-sign',
      '--run-id=r1',
      '--interval=0.25',
      '--duration=30',
      '--settle=0',
      '--timeout=1.5',
      '--json',
    ]);

    expect(parsed).toMatchObject({
      kind: 'run',
      options: {
        target: { sign: false },
        intervalMs: 250,
        durationMs: 30_000,
        settleMs: 0,
        timeoutMs: 1500,
        json: true,
      },
    });
  });

  it('accepts a direct DB target by URL or by secret ARN', () => {
    expect(parseCommandLine(['--mysql-url', 'mysql://u:p@127.0.0.1:3306/app', '--run-id', 'r1'])).toMatchObject({
      options: { target: { kind: 'mysql-url', url: 'mysql://u:p@127.0.0.1:3306/app' } },
    });
    expect(parseCommandLine(['--secret-arn', SECRET_ARN, '--run-id', 'r1'])).toMatchObject({
      options: { target: { kind: 'secret', secretArn: SECRET_ARN } },
    });
  });

  it.each([
    [['--api', 'http://x'], '--run-id is required'],
    [['--run-id', 'r1'], 'a target is required'],
    [['--api', 'http://x', '--mysql-url', 'mysql://h/db', '--run-id', 'r1'], 'only one target at a time'],
    [['--api', 'ftp://x', '--run-id', 'r1'], '--api must be an http(s) URL'],
    [['--mysql-url', 'mysql://h/db', '--no-sign', '--run-id', 'r1'], '--no-sign only applies to --api'],
    [['--secret-arn', 'my-secret', '--run-id', 'r1'], '--secret-arn must be a Secrets Manager secret ARN'],
    [['--api', 'http://x', '--run-id', 'has space'], '--run-id must be'],
    [['--api', 'http://x', '--run-id', 'r1', '--interval', '0'], '--interval must be a number of seconds > 0'],
    [['--api', 'http://x', '--run-id', 'r1', '--interval', 'fast'], '--interval must be a number of seconds > 0'],
    [['--api', 'http://x', '--run-id', 'r1', '--settle=-1'], '--settle must be a number of seconds >= 0'],
    [['--api', 'http://x', '--run-id', 'r1', '--verbose'], "Unknown option '--verbose'"],
    [['--api', 'http://x', '--run-id', 'r1', '--svg', ' '], '--svg needs a file name'],
  ])('rejects %j with a message naming the problem', (argv, expected) => {
    expect(invalidMessage(argv)).toContain(expected);
  });

  it('never echoes a MySQL URL, because it carries the password', () => {
    const message = invalidMessage(['--mysql-url', 'postgres://user:s3cret@h/db', '--run-id', 'r1']);

    expect(message).not.toContain('s3cret');
  });

  it('takes the SVG timeline file from --svg', () => {
    const parsed = parseCommandLine(['--api', 'http://x', '--run-id', 'r1', '--svg', 'run.svg']);

    expect(parsed).toMatchObject({ kind: 'run', options: { svgFile: 'run.svg' } });
  });

  it('recognises --help', () => {
    expect(parseCommandLine(['--help'])).toEqual({ kind: 'help' });
  });
});
