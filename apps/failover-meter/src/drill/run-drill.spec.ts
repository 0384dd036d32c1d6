import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import * as Fis from '@aws-sdk/client-fis';
import { DescribeDBInstancesCommand, RDSClient, RebootDBInstanceCommand } from '@aws-sdk/client-rds';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import type { CommandIo } from '../command';
import type { HeartbeatRow } from '../report/attempt';
import type { HeartbeatTarget } from '../targets/heartbeat-target';
import { runDrill } from './run-drill';

// client-fis 3.523 (the newest this registry serves) is typed with smithy 2, which aws-sdk-client-mock's smithy 4
// types reject at compile time only; the mock works the same at run time, so its FIS types are loosened here.
const { FisClient } = Fis;
const StartExperimentCommand = Fis.StartExperimentCommand as never;
const GetExperimentCommand = Fis.GetExperimentCommand as never;
const fis = mockClient(FisClient as never) as unknown as AwsStub<object, Fis.ServiceOutputTypes, unknown>;
const rds = mockClient(RDSClient);

const API_URL = 'https://abc123.execute-api.eu-west-1.amazonaws.com';
/** Resolved by the drill's credentials check; the mocked clients never use them. */
const credentials = async () => ({ accessKeyId: 'AKIDUNITTEST', secretAccessKey: 'unit-test-secret' });
const FAST = ['--interval', '0.01', '--baseline', '0.05', '--settle', '0.02', '--poll-interval', '0.01'];

function fakeIo() {
  const stdout = Object.assign(new PassThrough(), { isTTY: false }) as unknown as NodeJS.WriteStream;
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += chunk));
  stderr.on('data', (chunk) => (err += chunk));
  const io: CommandIo = { stdout, stderr, env: {}, onInterrupt: () => () => undefined, exitNow: () => undefined };
  return { io, output: () => ({ out, err }) };
}

/** Every write lands and is acknowledged: the drill's own logic is what these specs look at. */
function memoryTarget(): HeartbeatTarget {
  const rows: HeartbeatRow[] = [];
  return {
    description: `api ${API_URL}`,
    write: async (_runId, seq) => {
      rows.push({ seq, host: 'db-a' });
      return { host: 'db-a' };
    },
    readBack: async () => rows,
    close: async () => undefined,
  };
}

let dir: string;
function outputsFile(outputs: Record<string, unknown>, name = 'outputs.json'): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(outputs));
  return file;
}
const DEV_OUTPUTS = {
  api_url: { value: API_URL, type: 'string', sensitive: false },
  db_instance_identifier: { value: 'app-dev', type: 'string', sensitive: false },
  fis_experiment_template_id: { value: 'EXT123', type: 'string', sensitive: false },
};
const PROD_OUTPUTS = { api_url: DEV_OUTPUTS.api_url, db_instance_identifier: DEV_OUTPUTS.db_instance_identifier };

async function drill(args: string[]) {
  const { io, output } = fakeIo();
  const code = await runDrill([...args, '--run-id', 'drill-1', ...FAST, '--json'], io, {
    fis: new FisClient({ region: 'eu-west-1' }),
    rds: new RDSClient({ region: 'eu-west-1' }),
    target: memoryTarget(),
    credentials,
  });
  const { out, err } = output();
  return { code, err, report: out === '' ? undefined : JSON.parse(out) };
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'drill-spec-'));
  fis.reset();
  rds.reset();
  rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'available' }] });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('drill --method fis', () => {
  it('starts the experiment template with a client token and polls until the experiment completed', async () => {
    // GIVEN an experiment that runs for two polls, then completes
    fis.on(StartExperimentCommand).resolves({ experiment: { id: 'EXP1', state: { status: 'initiating' } } });
    fis
      .on(GetExperimentCommand)
      .resolvesOnce({ experiment: { id: 'EXP1', state: { status: 'running' } } })
      .resolvesOnce({ experiment: { id: 'EXP1', state: { status: 'running' } } })
      .resolves({ experiment: { id: 'EXP1', state: { status: 'completed' } } });

    // WHEN the drill runs on the dev outputs (fis is the default there)
    const { code, report } = await drill(['--outputs', outputsFile(DEV_OUTPUTS)]);

    // THEN
    expect(code).toBe(0);
    const [start] = fis.commandCalls(StartExperimentCommand);
    expect(start.args[0].input).toEqual({ experimentTemplateId: 'EXT123', clientToken: expect.any(String) });
    expect(start.args[0].input.clientToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(fis.commandCalls(GetExperimentCommand).map((call) => call.args[0].input)).toEqual([
      { id: 'EXP1' },
      { id: 'EXP1' },
      { id: 'EXP1' },
    ]);
    expect(rds.commandCalls(DescribeDBInstancesCommand)[0].args[0].input).toEqual({
      DBInstanceIdentifier: 'app-dev',
    });
    expect(rds.commandCalls(RebootDBInstanceCommand)).toHaveLength(0);
    expect(report.drill).toMatchObject({
      method: 'fis',
      experimentTemplateId: 'EXT123',
      experimentId: 'EXP1',
      experimentState: 'completed',
      failoverRequestedAt: expect.stringMatching(/^\d{4}-/),
      dbAvailableAt: expect.stringMatching(/^\d{4}-/),
      problem: null,
    });
    expect(report).toMatchObject({ lost: [], ok: true });
  });

  it.each(['failed', 'stopped'] as const)('exits 1 with the reason when the experiment ends %s', async (status) => {
    fis.on(StartExperimentCommand).resolves({ experiment: { id: 'EXP2', state: { status: 'pending' } } });
    fis
      .on(GetExperimentCommand)
      .resolves({ experiment: { id: 'EXP2', state: { status, reason: 'Stop condition alarm fired' } } });

    const { code, report } = await drill(['--outputs', outputsFile(DEV_OUTPUTS)]);

    expect(code).toBe(1);
    expect(fis.commandCalls(GetExperimentCommand)).toHaveLength(1);
    expect(report.ok).toBe(false);
    expect(report.verdict).toMatch(
      new RegExp(`^FAIL: the FIS experiment EXP2 ended ${status}: Stop condition alarm fired; `),
    );
    expect(report.drill).toMatchObject({ experimentState: status, experimentReason: 'Stop condition alarm fired' });
    expect(rds.commandCalls(DescribeDBInstancesCommand)).toHaveLength(0);
  });

  it('exits 1 and names the error when FIS refuses to start the experiment', async () => {
    fis
      .on(StartExperimentCommand)
      .rejects(Object.assign(new Error('not authorized to perform: fis:StartExperiment'), { name: 'AccessDenied' }));

    const { code, report } = await drill(['--outputs', outputsFile(DEV_OUTPUTS)]);

    expect(code).toBe(1);
    expect(report.verdict).toMatch(/^FAIL: AccessDenied: not authorized to perform: fis:StartExperiment; /);
  });
});

describe('drill --method reboot', () => {
  it('reboots with ForceFailover and polls DescribeDBInstances until the instance is available again', async () => {
    rds.on(RebootDBInstanceCommand).resolves({ DBInstance: { DBInstanceStatus: 'rebooting' } });
    rds
      .on(DescribeDBInstancesCommand)
      .resolvesOnce({ DBInstances: [{ DBInstanceStatus: 'rebooting' }] })
      .resolves({ DBInstances: [{ DBInstanceStatus: 'available' }] });

    const { code, report } = await drill(['--outputs', outputsFile(PROD_OUTPUTS)]);

    expect(code).toBe(0);
    expect(rds.commandCalls(RebootDBInstanceCommand).map((call) => call.args[0].input)).toEqual([
      { DBInstanceIdentifier: 'app-dev', ForceFailover: true },
    ]);
    expect(rds.commandCalls(DescribeDBInstancesCommand)).toHaveLength(2);
    expect(fis.calls()).toHaveLength(0);
    expect(report.drill).toMatchObject({ method: 'reboot', experimentId: null, dbAvailableAt: expect.any(String) });
  });

  it('does not take the "available" from before the reboot for the end of the failover', async () => {
    rds.on(RebootDBInstanceCommand).resolves({ DBInstance: { DBInstanceStatus: 'available' } });
    rds
      .on(DescribeDBInstancesCommand)
      .resolvesOnce({ DBInstances: [{ DBInstanceStatus: 'available' }] })
      .resolvesOnce({ DBInstances: [{ DBInstanceStatus: 'rebooting' }] })
      .resolves({ DBInstances: [{ DBInstanceStatus: 'available' }] });

    const { code } = await drill(['--outputs', outputsFile(DEV_OUTPUTS), '--method', 'reboot']);

    expect(code).toBe(0);
    expect(rds.commandCalls(DescribeDBInstancesCommand)).toHaveLength(3);
  });

  it('exits 1 when the instance is not available again before --max-duration', async () => {
    rds.on(RebootDBInstanceCommand).resolves({ DBInstance: { DBInstanceStatus: 'rebooting' } });
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'rebooting' }] });

    const { code, report } = await drill(['--outputs', outputsFile(PROD_OUTPUTS), '--max-duration', '0.3']);

    expect(code).toBe(1);
    expect(report.verdict).toMatch(/^FAIL: RDS never reported app-dev available again when --max-duration ran out/);
  });
});

describe('drill safety', () => {
  it('requests no failover when Ctrl-C comes during the baseline', async () => {
    const { io, output } = fakeIo();
    const interrupted: CommandIo = { ...io, onInterrupt: (listener) => (setTimeout(listener, 20), () => undefined) };

    const code = await runDrill(
      ['--outputs', outputsFile(PROD_OUTPUTS), '--run-id', 'r', '--interval', '0.01', '--baseline', '5', '--json'],
      interrupted,
      { fis: new FisClient({}), rds: new RDSClient({}), target: memoryTarget(), credentials },
    );

    expect(code).toBe(1);
    expect(rds.calls()).toHaveLength(0);
    expect(JSON.parse(output().out).verdict).toMatch(
      /^FAIL: interrupted during the baseline, so no failover was requested/,
    );
  });

  it('requests no failover when no heartbeat was acknowledged during the baseline', async () => {
    const failing: HeartbeatTarget = { ...memoryTarget(), write: async () => Promise.reject(new Error('HTTP 403')) };
    const { io, output } = fakeIo();

    const code = await runDrill(['--outputs', outputsFile(DEV_OUTPUTS), '--run-id', 'r', ...FAST, '--json'], io, {
      fis: new FisClient({}),
      rds: new RDSClient({}),
      target: failing,
      credentials,
    });

    expect(code).toBe(1);
    expect(fis.calls()).toHaveLength(0);
    expect(JSON.parse(output().out).drill.problem).toBe(
      'no heartbeat was acknowledged during the baseline, so no failover was requested',
    );
  });
});

describe('drill usage errors (exit 2, one line)', () => {
  it.each([
    [
      'a missing file',
      () => path.join(dir, 'nope.json'),
      /^failover-meter drill: cannot read .*nope\.json: no such file\n$/,
    ],
    [
      'a file that is not JSON',
      () => {
        writeFileSync(path.join(dir, 'bad.json'), 'api_url = "x"');
        return path.join(dir, 'bad.json');
      },
      /^failover-meter drill: .*bad\.json is not JSON: write it with `npx nx run infra:outputs --env=<stack>` \(dist\/outputs\/<stack>\.json\) or `terraform output -json > .*`\n$/,
    ],
    [
      'outputs without api_url',
      () => outputsFile({ db_instance_identifier: { value: 'app-dev' } }),
      /^failover-meter drill: .*outputs\.json has no output "api_url"\n$/,
    ],
    [
      'an api_url that is not a URL',
      () => outputsFile({ ...PROD_OUTPUTS, api_url: { value: 'not a url' } }),
      /^failover-meter drill: .*: output "api_url" must be an http\(s\) URL, got "not a url"\n$/,
    ],
    [
      '--method fis without a template',
      () => `${outputsFile(PROD_OUTPUTS)} --method fis`,
      /^failover-meter drill: --method fis needs the output "fis_experiment_template_id" in .* \(only the dev stack has one\); use --method reboot\n$/,
    ],
  ])('%s', async (_name, file, message) => {
    const { code, err, report } = await drill(['--outputs', ...file().split(' ')]);

    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(report).toBeUndefined();
    expect(fis.calls()).toHaveLength(0);
    expect(rds.calls()).toHaveLength(0);
  });

  it('prints the drill usage for a bad option', async () => {
    const { io, output } = fakeIo();

    const code = await runDrill(['--outputs', 'x.json', '--run-id', 'r', '--method', 'chaos'], io);

    expect(code).toBe(2);
    expect(output().err).toMatch(
      /^failover-meter drill: --method must be fis, reboot or blue-green, got "chaos"\n\nUsage: /,
    );
  });
});

describe('drill --svg', () => {
  it('writes the timeline with the failover marked', async () => {
    rds.on(RebootDBInstanceCommand).resolves({ DBInstance: { DBInstanceStatus: 'rebooting' } });
    const svgFile = path.join(dir, 'drill.svg');

    const { code } = await drill(['--outputs', outputsFile(PROD_OUTPUTS), '--svg', svgFile]);

    expect(code).toBe(0);
    const svg = readFileSync(svgFile, 'utf8');
    expect(svg).toContain('>failover requested</text>');
    expect(svg).toContain('>DB available</text>');
  });
});
