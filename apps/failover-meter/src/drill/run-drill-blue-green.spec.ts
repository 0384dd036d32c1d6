// `failover-meter drill --method blue-green`: the RDS Blue/Green calls, their order and what each answer does to the
// drill, with the real @aws-sdk/client-rds client mocked by aws-sdk-client-mock and an in-memory heartbeat target.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { FisClient } from '@aws-sdk/client-fis';
import {
  BlueGreenDeploymentNotFoundFault,
  DescribeBlueGreenDeploymentsCommand,
  InvalidBlueGreenDeploymentStateFault,
  RDSClient,
  SwitchoverBlueGreenDeploymentCommand,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import type { CommandIo } from '../command';
import type { HeartbeatRow } from '../report/attempt';
import type { HeartbeatTarget } from '../targets/heartbeat-target';
import { runDrill, type DrillDependencies } from './run-drill';

const rds = mockClient(RDSClient);
const fis = mockClient(FisClient as never);

const BGD = 'bgd-0123456789abcdef';
const API_URL = 'https://abc123.execute-api.eu-west-1.amazonaws.com';
const FAST = ['--interval', '0.01', '--baseline', '0.05', '--settle', '0.02', '--poll-interval', '0.01'];
const credentials = async () => ({ accessKeyId: 'AKIDUNITTEST', secretAccessKey: 'unit-test-secret' });
const deployment = (Status: string, StatusDetails?: string) => ({
  BlueGreenDeployments: [{ BlueGreenDeploymentIdentifier: BGD, Status, StatusDetails }],
});

let dir: string;
let outputs: string;
let writes: number;

/** Every write lands and is acknowledged; `writes` counts them (none may be sent when the drill refuses to start). */
function memoryTarget(): HeartbeatTarget {
  const rows: HeartbeatRow[] = [];
  return {
    description: `api ${API_URL}`,
    write: async (_runId, seq) => {
      writes++;
      rows.push({ seq, host: 'blue' });
      return { host: 'blue' };
    },
    readBack: async () => rows,
    close: async () => undefined,
  };
}

async function drill(args: readonly string[], deps: Partial<DrillDependencies> = {}) {
  const stdout = Object.assign(new PassThrough(), { isTTY: false }) as unknown as NodeJS.WriteStream;
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += chunk));
  stderr.on('data', (chunk) => (err += chunk));
  const io: CommandIo = { stdout, stderr, env: {}, onInterrupt: () => () => undefined, exitNow: () => undefined };
  const code = await runDrill(['--outputs', outputs, '--run-id', 'bg-1', ...FAST, ...args], io, {
    fis: new FisClient({ region: 'eu-west-1' }),
    rds: new RDSClient({ region: 'eu-west-1' }),
    target: memoryTarget(),
    credentials,
    ...deps,
  });
  const json = args.includes('--json');
  return { code, err, out, report: json && out !== '' ? JSON.parse(out) : undefined };
}

const BLUE_GREEN = ['--method', 'blue-green', '--blue-green-deployment-id', BGD];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'drill-bg-spec-'));
  outputs = path.join(dir, 'outputs.json');
  writeFileSync(
    outputs,
    JSON.stringify({
      api_url: { value: API_URL, type: 'string', sensitive: false },
      db_instance_identifier: { value: 'app-prod', type: 'string', sensitive: false },
    }),
  );
  writes = 0;
  rds.reset();
  fis.reset();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('drill --method blue-green: before the switchover', () => {
  it.each([
    ['PROVISIONING', undefined],
    ['SWITCHOVER_COMPLETED', undefined],
    ['INVALID_CONFIGURATION', 'Green DB instance was promoted'],
  ])('refuses a deployment that is %s, before any heartbeat (exit 1)', async (status, details) => {
    rds.on(DescribeBlueGreenDeploymentsCommand).resolves(deployment(status, details));

    const { code, err, out } = await drill([...BLUE_GREEN, '--json']);

    expect(code).toBe(1);
    expect(err).toBe(
      `failover-meter drill: the blue/green deployment ${BGD} is ${status}${details ? ` (${details})` : ''}, not ` +
        'AVAILABLE: no switchover was requested and no heartbeat sent (wait for AVAILABLE, see the README runbook)\n',
    );
    expect(out).toBe('');
    expect(writes).toBe(0);
    expect(rds.commandCalls(DescribeBlueGreenDeploymentsCommand).map((call) => call.args[0].input)).toEqual([
      { BlueGreenDeploymentIdentifier: BGD },
    ]);
    expect(rds.commandCalls(SwitchoverBlueGreenDeploymentCommand)).toHaveLength(0);
  });

  it('says so when the id names no deployment (exit 2, usage)', async () => {
    rds
      .on(DescribeBlueGreenDeploymentsCommand)
      .rejects(new BlueGreenDeploymentNotFoundFault({ message: `${BGD} not found`, $metadata: {} }));

    const { code, err } = await drill(BLUE_GREEN);

    expect(code).toBe(2);
    expect(err).toBe(`failover-meter drill: no blue/green deployment "${BGD}" in this account and region\n`);
    expect(writes).toBe(0);
  });

  it('names the AWS error when the deployment cannot be described (exit 1)', async () => {
    rds.on(DescribeBlueGreenDeploymentsCommand).rejects(
      Object.assign(new Error('not authorized to perform: rds:DescribeBlueGreenDeployments'), {
        name: 'AccessDenied',
      }),
    );

    const { code, err } = await drill(BLUE_GREEN);

    expect(code).toBe(1);
    expect(err).toBe(
      `failover-meter drill: cannot describe the blue/green deployment ${BGD}: AccessDenied: not authorized to ` +
        'perform: rds:DescribeBlueGreenDeployments\n',
    );
    expect(writes).toBe(0);
  });

  it('checks the credentials before anything else (exit 3, nothing called)', async () => {
    const none = async () =>
      Promise.reject(
        Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }),
      );

    const { code, err } = await drill(BLUE_GREEN, { credentials: none });

    expect(code).toBe(3);
    expect(err).toBe(
      'failover-meter drill: cannot start: no AWS credentials to sign the API requests and the FIS / RDS calls ' +
        '(Could not load credentials from any providers): set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY\n',
    );
    expect(rds.calls()).toHaveLength(0);
    expect(writes).toBe(0);
  });
});

describe('drill --method blue-green: the switchover', () => {
  it('switches over with the SwitchoverTimeout and polls until SWITCHOVER_COMPLETED (exit 0), moments in the report', async () => {
    // GIVEN an AVAILABLE deployment whose switchover is in progress for two polls, then completed
    rds
      .on(DescribeBlueGreenDeploymentsCommand)
      .resolvesOnce(deployment('AVAILABLE'))
      .resolvesOnce(deployment('SWITCHOVER_IN_PROGRESS'))
      .resolvesOnce(deployment('SWITCHOVER_IN_PROGRESS'))
      .resolves(deployment('SWITCHOVER_COMPLETED'));
    rds
      .on(SwitchoverBlueGreenDeploymentCommand)
      .resolves({ BlueGreenDeployment: { BlueGreenDeploymentIdentifier: BGD, Status: 'SWITCHOVER_IN_PROGRESS' } });
    const svgFile = path.join(dir, 'drill.svg');

    // WHEN
    const { code, report } = await drill([...BLUE_GREEN, '--switchover-timeout', '120', '--svg', svgFile, '--json']);

    // THEN
    expect({ code, verdict: report.verdict }).toEqual({ code: 0, verdict: expect.stringMatching(/^PASS/) });
    expect(rds.commandCalls(SwitchoverBlueGreenDeploymentCommand).map((call) => call.args[0].input)).toEqual([
      { BlueGreenDeploymentIdentifier: BGD, SwitchoverTimeout: 120 },
    ]);
    expect(rds.commandCalls(DescribeBlueGreenDeploymentsCommand)).toHaveLength(4);
    expect(fis.calls()).toHaveLength(0);
    expect(report.drill).toMatchObject({
      method: 'blue-green',
      blueGreenDeploymentId: BGD,
      switchoverTimeoutSeconds: 120,
      blueGreenStatus: 'SWITCHOVER_COMPLETED',
      blueGreenStatusDetails: null,
      failoverRequestedAt: expect.stringMatching(/^\d{4}-/),
      switchoverEndedAt: expect.stringMatching(/^\d{4}-/),
      dbAvailableAt: null,
      problem: null,
    });
    expect(Date.parse(report.drill.switchoverEndedAt)).toBeGreaterThanOrEqual(
      Date.parse(report.drill.failoverRequestedAt),
    );
    expect(report).toMatchObject({ lost: [], ok: true });
    const svg = readFileSync(svgFile, 'utf8');
    expect(svg).toContain('>switchover requested</text>');
    expect(svg).toContain('>switchover completed</text>');
  });

  it('sends the default SwitchoverTimeout (300 s) and prints the switchover in the text report', async () => {
    rds
      .on(DescribeBlueGreenDeploymentsCommand)
      .resolvesOnce(deployment('AVAILABLE'))
      .resolves(deployment('SWITCHOVER_COMPLETED'));
    rds
      .on(SwitchoverBlueGreenDeploymentCommand)
      .resolves({ BlueGreenDeployment: { Status: 'SWITCHOVER_IN_PROGRESS' } });

    const { code, out } = await drill(BLUE_GREEN);

    expect(code).toBe(0);
    expect(rds.commandCalls(SwitchoverBlueGreenDeploymentCommand)[0].args[0].input.SwitchoverTimeout).toBe(300);
    expect(out).toContain(
      `Drill: SwitchoverBlueGreenDeployment ${BGD} (SwitchoverTimeout 300 s): SWITCHOVER_COMPLETED\n`,
    );
    expect(out).toMatch(/Switchover requested at \S+, over at \S+ \([\d.]+ s later\)\n/);
  });

  it('exits 1 with RDS status details when the switchover ends SWITCHOVER_FAILED', async () => {
    rds
      .on(DescribeBlueGreenDeploymentsCommand)
      .resolvesOnce(deployment('AVAILABLE'))
      .resolvesOnce(deployment('SWITCHOVER_IN_PROGRESS'))
      .resolves(deployment('SWITCHOVER_FAILED', 'Switchover timed out'));
    rds
      .on(SwitchoverBlueGreenDeploymentCommand)
      .resolves({ BlueGreenDeployment: { Status: 'SWITCHOVER_IN_PROGRESS' } });

    const { code, report } = await drill([...BLUE_GREEN, '--json']);

    expect(code).toBe(1);
    expect(report.ok).toBe(false);
    expect(report.verdict).toMatch(
      new RegExp(`^FAIL: the blue/green switchover of ${BGD} ended SWITCHOVER_FAILED: Switchover timed out; `),
    );
    expect(report.drill).toMatchObject({
      blueGreenStatus: 'SWITCHOVER_FAILED',
      blueGreenStatusDetails: 'Switchover timed out',
      switchoverEndedAt: expect.any(String),
    });
    expect(rds.commandCalls(DescribeBlueGreenDeploymentsCommand)).toHaveLength(3);
  });

  it('exits 1 when the deployment is AVAILABLE again after SWITCHOVER_IN_PROGRESS (rolled back)', async () => {
    rds
      .on(DescribeBlueGreenDeploymentsCommand)
      .resolvesOnce(deployment('AVAILABLE'))
      // The first answer after the request may still be the AVAILABLE from before: that is not a roll-back.
      .resolvesOnce(deployment('AVAILABLE'))
      .resolvesOnce(deployment('SWITCHOVER_IN_PROGRESS'))
      .resolves(deployment('AVAILABLE'));
    rds.on(SwitchoverBlueGreenDeploymentCommand).resolves({ BlueGreenDeployment: { Status: 'AVAILABLE' } });

    const { code, report } = await drill([...BLUE_GREEN, '--json']);

    expect(code).toBe(1);
    expect(report.verdict).toMatch(
      new RegExp(
        `^FAIL: the blue/green switchover of ${BGD} was rolled back \\(AVAILABLE again after SWITCHOVER_IN_PROGRESS\\); `,
      ),
    );
    expect(rds.commandCalls(DescribeBlueGreenDeploymentsCommand)).toHaveLength(4);
  });

  it('exits 1 naming the fault when RDS refuses the switchover', async () => {
    rds.on(DescribeBlueGreenDeploymentsCommand).resolves(deployment('AVAILABLE'));
    rds
      .on(SwitchoverBlueGreenDeploymentCommand)
      .rejects(new InvalidBlueGreenDeploymentStateFault({ message: 'green is not ready', $metadata: {} }));

    const { code, report } = await drill([...BLUE_GREEN, '--json']);

    expect(code).toBe(1);
    expect(report.verdict).toMatch(/^FAIL: InvalidBlueGreenDeploymentStateFault: green is not ready; /);
  });

  it('ends at --max-duration when the switchover never finishes (exit 1)', async () => {
    rds
      .on(DescribeBlueGreenDeploymentsCommand)
      .resolvesOnce(deployment('AVAILABLE'))
      .resolves(deployment('SWITCHOVER_IN_PROGRESS'));
    rds
      .on(SwitchoverBlueGreenDeploymentCommand)
      .resolves({ BlueGreenDeployment: { Status: 'SWITCHOVER_IN_PROGRESS' } });

    const { code, report } = await drill([...BLUE_GREEN, '--max-duration', '0.3', '--json']);

    expect(code).toBe(1);
    expect(report.verdict).toMatch(
      new RegExp(
        `^FAIL: the blue/green switchover of ${BGD} was still SWITCHOVER_IN_PROGRESS when --max-duration ran out`,
      ),
    );
    expect(report.drill).toMatchObject({ blueGreenStatus: 'SWITCHOVER_IN_PROGRESS', switchoverEndedAt: null });
  });
});

describe('drill --method blue-green: bad options (exit 2, usage, nothing called)', () => {
  it.each([
    [['--method', 'blue-green'], /^--method blue-green needs --blue-green-deployment-id <bgd-id>/],
    [
      ['--method', 'blue-green', '--blue-green-deployment-id', ''],
      /^--method blue-green needs --blue-green-deployment-id/,
    ],
    [
      ['--method', 'blue-green', '--blue-green-deployment-id', '0bad id'],
      /^--blue-green-deployment-id must be a blue\/green deployment identifier, got "0bad id"/,
    ],
    [
      ['--method', 'reboot', '--blue-green-deployment-id', BGD],
      /^--blue-green-deployment-id only applies to --method blue-green/,
    ],
    [['--blue-green-deployment-id', BGD], /^--blue-green-deployment-id only applies to --method blue-green/],
    [['--method', 'reboot', '--switchover-timeout', '60'], /^--switchover-timeout only applies to --method blue-green/],
    [
      [...BLUE_GREEN, '--switchover-timeout', '29'],
      /^--switchover-timeout must be whole seconds from 30 to 3600, got "29"/,
    ],
    [[...BLUE_GREEN, '--switchover-timeout', '3601'], /^--switchover-timeout must be whole seconds from 30 to 3600/],
    [[...BLUE_GREEN, '--switchover-timeout', '45.5'], /^--switchover-timeout must be whole seconds from 30 to 3600/],
  ])('%j', async (args, message) => {
    const { code, err } = await drill(args);

    expect(code).toBe(2);
    expect(err.replace(/^failover-meter drill: /, '')).toMatch(message);
    expect(err).toContain('\n\nUsage: failover-meter drill');
    expect(rds.calls()).toHaveLength(0);
    expect(writes).toBe(0);
  });
});
