// The drill end to end against the real api-lambda bundle on a throwaway MariaDB: the mocked FIS / RDS "failover"
// stops MariaDB when it is requested, and a later status poll starts it again, as a Multi-AZ failover would.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import * as Fis from '@aws-sdk/client-fis';
import { DescribeDBInstancesCommand, RDSClient, RebootDBInstanceCommand } from '@aws-sdk/client-rds';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import type { CommandIo } from '../command';
import { startReliabilityEnvironment, type ApiUnderTest, type ReliabilityEnvironment } from '../reliability/local-api';
import { runDrill } from './run-drill';

// client-fis 3.523 is typed with smithy 2, which aws-sdk-client-mock's smithy 4 types reject (see run-drill.spec.ts).
const fis = mockClient(Fis.FisClient as never) as unknown as AwsStub<object, Fis.ServiceOutputTypes, unknown>;
const rds = mockClient(RDSClient);
const OUTAGE_MS = 3000;
const credentials = async () => ({ accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' });

describe('failover-meter drill against the local API', () => {
  let environment: ReliabilityEnvironment;
  let api: ApiUnderTest;
  let dir: string;

  beforeAll(async () => {
    environment = await startReliabilityEnvironment();
    api = await environment.startApi('drill');
    // Warm the handler and its DB connection: on a loaded machine a cold first request can outlast the baseline, and
    // a drill with no acknowledged baseline heartbeat rightly refuses to start a failover.
    await fetch(`${api.url}/time`);
    dir = mkdtempSync(path.join(tmpdir(), 'drill-it-'));
  }, 60_000);
  afterAll(async () => {
    await environment?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    fis.reset();
    rds.reset();
  });

  /** Plays the failover: the DB goes down when it is requested and comes back on the first poll after OUTAGE_MS. */
  function failoverOnMariaDb() {
    let downSince: number | undefined;
    return {
      takeDown: async () => {
        await environment.mariaDb.stop();
        downSince = Date.now();
      },
      /** True once the DB is up again. */
      bringBackWhenDue: async () => {
        if (downSince === undefined) return true;
        if (Date.now() - downSince < OUTAGE_MS) return false;
        await environment.mariaDb.start();
        downSince = undefined;
        return true;
      },
    };
  }

  async function drill(method: 'fis' | 'reboot') {
    const outputs = path.join(dir, `${method}-outputs.json`);
    writeFileSync(
      outputs,
      JSON.stringify({
        api_url: { value: api.url, type: 'string', sensitive: false },
        db_instance_identifier: { value: 'app-local', type: 'string', sensitive: false },
        fis_experiment_template_id: { value: 'EXTLOCAL', type: 'string', sensitive: false },
      }),
    );
    const stdout = Object.assign(new PassThrough(), { isTTY: false }) as unknown as NodeJS.WriteStream;
    let out = '';
    stdout.on('data', (chunk) => (out += chunk));
    const io: CommandIo = {
      stdout,
      stderr: new PassThrough(),
      // The local URL names no region: signing takes it from the environment, as for a custom domain.
      env: { AWS_REGION: 'eu-west-1' },
      onInterrupt: () => () => undefined,
      exitNow: () => undefined,
    };
    const argv = ['--outputs', outputs, '--method', method, '--run-id', `drill-${method}`, '--json'];
    const fast = [
      '--interval',
      '0.1',
      '--timeout',
      '3',
      '--baseline',
      '2',
      '--settle',
      '0.5',
      '--poll-interval',
      '0.2',
    ];
    const code = await runDrill([...argv, ...fast, '--max-duration', '40'], io, { credentials });
    return { code, report: JSON.parse(out) };
  }

  it('fis: one downtime window, nothing lost, and the experiment in the report', async () => {
    // GIVEN an experiment that stops the DB and is completed once the DB is back
    const failover = failoverOnMariaDb();
    fis.on(Fis.StartExperimentCommand as never).callsFake(async () => {
      await failover.takeDown();
      return { experiment: { id: 'EXPLOCAL', state: { status: 'initiating' } } };
    });
    fis.on(Fis.GetExperimentCommand as never).callsFake(async () => ({
      experiment: { id: 'EXPLOCAL', state: { status: (await failover.bringBackWhenDue()) ? 'completed' : 'running' } },
    }));
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ DBInstanceStatus: 'available' }] });

    // WHEN
    const { code, report } = await drill('fis');

    // THEN (the verdict shows in the failure message)
    expect({ code, verdict: report.verdict }).toEqual({ code: 0, verdict: expect.stringMatching(/^PASS/) });
    expect(report.windows).toHaveLength(1);
    expect(report.windows[0].durationMs).toBeGreaterThanOrEqual(OUTAGE_MS - 500);
    expect(report).toMatchObject({ lost: [], recovered: true, ok: true });
    expect(report.drill).toMatchObject({
      method: 'fis',
      experimentTemplateId: 'EXTLOCAL',
      experimentId: 'EXPLOCAL',
      experimentState: 'completed',
      problem: null,
    });
    // The window opens at the start of its first failed attempt, which may have been in flight (at most one timeout,
    // 3 s) when the failover was requested; it cannot open before that, nor close before the request.
    const requestedAt = Date.parse(report.drill.failoverRequestedAt);
    const windowStart = Date.parse(report.windows[0].start);
    expect(windowStart).toBeGreaterThanOrEqual(requestedAt - 3_000);
    expect(windowStart + report.windows[0].durationMs).toBeGreaterThan(requestedAt);
    expect(Date.parse(report.drill.dbAvailableAt)).toBeGreaterThan(requestedAt + OUTAGE_MS - 500);
  }, 60_000);

  it('reboot: one downtime window, nothing lost, and the reboot in the report', async () => {
    const failover = failoverOnMariaDb();
    rds.on(RebootDBInstanceCommand).callsFake(async () => {
      await failover.takeDown();
      return { DBInstance: { DBInstanceStatus: 'rebooting' } };
    });
    rds.on(DescribeDBInstancesCommand).callsFake(async () => ({
      DBInstances: [{ DBInstanceStatus: (await failover.bringBackWhenDue()) ? 'available' : 'rebooting' }],
    }));

    const { code, report } = await drill('reboot');

    expect({ code, verdict: report.verdict }).toEqual({ code: 0, verdict: expect.stringMatching(/^PASS/) });
    expect(report.windows).toHaveLength(1);
    expect(report).toMatchObject({ lost: [], recovered: true, ok: true });
    expect(report.drill).toMatchObject({ method: 'reboot', dbInstanceIdentifier: 'app-local', problem: null });
    expect(rds.commandCalls(RebootDBInstanceCommand)[0].args[0].input).toEqual({
      DBInstanceIdentifier: 'app-local',
      ForceFailover: true,
    });
    expect(Date.parse(report.drill.dbAvailableAt)).toBeGreaterThan(Date.parse(report.drill.failoverRequestedAt));
  }, 60_000);
});
