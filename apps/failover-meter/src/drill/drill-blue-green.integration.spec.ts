// `failover-meter drill --method blue-green` end to end against the real api-lambda bundle on a throwaway MariaDB. The
// mocked RDS client plays the switchover as RDS Proxy users see it
// (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-blue-green.html): once it is requested the
// database turns read-only, so writes are refused with error 1290; at promotion the existing connections are dropped;
// then writes go through again and DescribeBlueGreenDeployments says SWITCHOVER_COMPLETED.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import {
  DescribeBlueGreenDeploymentsCommand,
  RDSClient,
  SwitchoverBlueGreenDeploymentCommand,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import type { CommandIo } from '../command';
import { startReliabilityEnvironment, type ApiUnderTest, type ReliabilityEnvironment } from '../reliability/local-api';
import { createApiTarget } from '../targets/api-target';
import type { JsonHttpClient } from '../targets/http-client';
import { runDrill } from './run-drill';

const rds = mockClient(RDSClient);
const BGD = 'bgd-local0123456789';
/** How long the database stays read-only once the switchover is requested (RDS: until green is promoted). */
const READ_ONLY_MS = 2500;
const credentials = async () => ({ accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' });

interface PostSeen {
  readonly seq: number;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly status: number;
  readonly retryAfter: string | null;
}

/** The drill's own heartbeat requests, unsigned as the local API takes them, each answer's status and Retry-After kept. */
function recordingClient(posts: PostSeen[]): JsonHttpClient {
  return {
    async request(method, url, body, signal) {
      const startedAt = Date.now();
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const headers: Record<string, string> = { accept: 'application/json' };
      if (payload !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(url, { method, headers, body: payload, signal });
      const text = await response.text();
      if (method === 'POST') {
        const { seq } = body as { seq: number };
        posts.push({
          seq,
          startedAt,
          endedAt: Date.now(),
          status: response.status,
          retryAfter: response.headers.get('retry-after'),
        });
      }
      let parsed: unknown = text;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        // not JSON: kept as text
      }
      return { status: response.status, body: parsed };
    },
  };
}

describe('failover-meter drill --method blue-green against the local API', () => {
  let environment: ReliabilityEnvironment;
  let api: ApiUnderTest;
  let dir: string;

  beforeAll(async () => {
    environment = await startReliabilityEnvironment();
    api = await environment.startApi('bluegreen');
    // A cold first request can outlast the baseline on a loaded machine (see drill.integration.spec.ts).
    await fetch(`${api.url}/time`);
    dir = mkdtempSync(path.join(tmpdir(), 'drill-bg-it-'));
  }, 60_000);
  afterAll(async () => {
    await environment?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('read-only window: writes answered 503 + Retry-After (never 500), nothing acknowledged lost, the switchover marked', async () => {
    const { mariaDb } = environment;
    // GIVEN an app user that read_only applies to: MariaDB lets SUPER (before 10.11) and READ ONLY ADMIN (10.11 on)
    // write on a read-only server (https://mariadb.com/kb/en/server-system-variables/#read_only)
    const grants = (await mariaDb.rootQuery<Record<string, string>>("SHOW GRANTS FOR ?@'%'", [api.user]))
      .flatMap((row) => Object.values(row))
      .join('\n');
    expect(grants).toMatch(/GRANT SELECT, INSERT, UPDATE ON `app`/);
    expect(grants).not.toMatch(/SUPER|READ ONLY ADMIN|ALL PRIVILEGES/i);

    // AND a deployment that is AVAILABLE, whose switchover makes MariaDB read-only for READ_ONLY_MS, then drops the
    // API's connections (promotion), lifts read_only and reports SWITCHOVER_COMPLETED
    let readOnlyAt: number | undefined;
    let readOnlyOffAt: number | undefined;
    rds.on(SwitchoverBlueGreenDeploymentCommand).callsFake(async () => {
      await mariaDb.rootQuery('SET GLOBAL read_only = ON');
      readOnlyAt = Date.now();
      return { BlueGreenDeployment: { BlueGreenDeploymentIdentifier: BGD, Status: 'SWITCHOVER_IN_PROGRESS' } };
    });
    rds.on(DescribeBlueGreenDeploymentsCommand).callsFake(async () => {
      const status = async () => {
        if (readOnlyOffAt !== undefined) return 'SWITCHOVER_COMPLETED';
        if (readOnlyAt === undefined) return 'AVAILABLE';
        if (Date.now() - readOnlyAt < READ_ONLY_MS) return 'SWITCHOVER_IN_PROGRESS';
        await api.killConnections();
        await mariaDb.rootQuery('SET GLOBAL read_only = OFF');
        readOnlyOffAt = Date.now();
        return 'SWITCHOVER_COMPLETED';
      };
      return { BlueGreenDeployments: [{ BlueGreenDeploymentIdentifier: BGD, Status: await status() }] };
    });
    const outputs = path.join(dir, 'outputs.json');
    writeFileSync(
      outputs,
      JSON.stringify({
        api_url: { value: api.url, type: 'string', sensitive: false },
        db_instance_identifier: { value: 'app-local', type: 'string', sensitive: false },
      }),
    );
    const posts: PostSeen[] = [];
    const stdout = Object.assign(new PassThrough(), { isTTY: false }) as unknown as NodeJS.WriteStream;
    let out = '';
    stdout.on('data', (chunk) => (out += chunk));
    const io: CommandIo = {
      stdout,
      stderr: new PassThrough(),
      env: { AWS_REGION: 'eu-west-1' },
      onInterrupt: () => () => undefined,
      exitNow: () => undefined,
    };
    const svgFile = path.join(dir, 'drill.svg');
    const runId = `bg-${Date.now()}`;

    // WHEN the drill switches over
    const code = await runDrill(
      [
        ...['--outputs', outputs, '--method', 'blue-green', '--blue-green-deployment-id', BGD, '--run-id', runId],
        ...['--switchover-timeout', '30', '--interval', '0.1', '--timeout', '3', '--baseline', '1.5'],
        ...['--settle', '0.5', '--poll-interval', '0.2', '--max-duration', '40', '--svg', svgFile, '--json'],
      ],
      io,
      {
        rds: new RDSClient({ region: 'eu-west-1' }),
        target: createApiTarget({ baseUrl: new URL(api.url), client: recordingClient(posts) }),
        credentials,
      },
    );
    const report = JSON.parse(out);

    // THEN the drill passed (the verdict shows in the failure message), and the switchover went as played
    expect({ code, verdict: report.verdict }).toEqual({ code: 0, verdict: expect.stringMatching(/^PASS/) });
    expect(readOnlyAt).toBeDefined();
    expect(readOnlyOffAt).toBeDefined();
    expect(rds.commandCalls(SwitchoverBlueGreenDeploymentCommand).map((call) => call.args[0].input)).toEqual([
      { BlueGreenDeploymentIdentifier: BGD, SwitchoverTimeout: 30 },
    ]);

    // AND every write answered during the read-only window was a 503 with a Retry-After; no write got a 500
    const inWindow = posts.filter((post) => post.startedAt >= readOnlyAt! && post.endedAt <= readOnlyOffAt!);
    expect(inWindow.length).toBeGreaterThan(0);
    expect(inWindow.map(({ status, retryAfter }) => ({ status, retryAfter }))).toEqual(
      inWindow.map(() => ({ status: 503, retryAfter: expect.stringMatching(/^[1-9]\d*$/) })),
    );
    expect(posts.filter((post) => post.status !== 201 && post.status !== 200 && post.status !== 503)).toEqual([]);
    expect(new Set(posts.filter((post) => post.status === 503).map((post) => post.retryAfter !== null))).toEqual(
      new Set([true]),
    );

    // AND no acknowledged write was lost: the meter read every one back, and so does a query of its own
    expect(report).toMatchObject({ lost: [], recovered: true, ok: true });
    const stored = new Set(
      (await mariaDb.rootQuery<{ seq: number }>('SELECT seq FROM app.heartbeats WHERE run_id = ?', [runId])).map(
        (row) => Number(row.seq),
      ),
    );
    const acknowledged = posts.filter((post) => post.status === 201 || post.status === 200).map((post) => post.seq);
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(acknowledged.filter((seq) => !stored.has(seq))).toEqual([]);

    // AND the report marks the switchover around the one downtime window it caused
    expect(report.windows).toHaveLength(1);
    expect(report.drill).toMatchObject({
      method: 'blue-green',
      blueGreenDeploymentId: BGD,
      blueGreenStatus: 'SWITCHOVER_COMPLETED',
      switchoverTimeoutSeconds: 30,
      problem: null,
    });
    const requestedAt = Date.parse(report.drill.failoverRequestedAt);
    const switchoverEndedAt = Date.parse(report.drill.switchoverEndedAt);
    expect(requestedAt).toBeLessThanOrEqual(readOnlyAt!);
    expect(switchoverEndedAt).toBeGreaterThanOrEqual(readOnlyOffAt!);
    const windowStart = Date.parse(report.windows[0].start);
    const windowEnd = windowStart + report.windows[0].durationMs;
    // The window may open with an attempt already in flight when read_only was set (at most one --timeout, 3 s).
    expect(windowStart).toBeGreaterThanOrEqual(requestedAt - 3_000);
    expect(windowStart).toBeLessThan(readOnlyOffAt!);
    expect(windowEnd).toBeGreaterThan(readOnlyAt!);
    const svg = readFileSync(svgFile, 'utf8');
    expect(svg).toContain('>switchover requested</text>');
    expect(svg).toContain('>switchover completed</text>');
  }, 60_000);
});
