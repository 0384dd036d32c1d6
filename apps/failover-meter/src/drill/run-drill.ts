import { FisClient } from '@aws-sdk/client-fis';
import { RDSClient } from '@aws-sdk/client-rds';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { CommandIo } from '../command';
import { measureFailover } from '../measure';
import type { AttemptRecord } from '../report/attempt';
import { renderSvgTimeline } from '../report/svg';
import { createStatusLine } from '../status-line';
import { createApiTarget } from '../targets/api-target';
import { MissingCredentialsError, requireCredentials } from '../targets/create-target';
import type { HeartbeatTarget } from '../targets/heartbeat-target';
import { createJsonHttpClient, MissingRegionError, regionForApi } from '../targets/http-client';
import { writeTimeline } from '../timeline-file';
import { DRILL_USAGE, parseDrillCommandLine, type DrillOptions, type FailoverMethod } from './drill-options';
import { drillMarkers, renderDrillJson, renderDrillText, withDrill } from './drill-report';
import { blueGreenRefusal, outcomeBase, runFailover, sleep, type FailoverOutcome } from './failover';
import { readStackOutputs, StackOutputsError, type StackOutputs } from './stack-outputs';

/** Stand-ins for tests; each defaults to the real thing. */
export interface DrillDependencies {
  readonly fis?: FisClient;
  readonly rds?: RDSClient;
  /** Replaces the signed API target built from `api_url`. */
  readonly target?: HeartbeatTarget;
  /** Signs the API requests and the FIS / RDS calls. @default the standard AWS chain */
  readonly credentials?: AwsCredentialIdentityProvider;
}

const EXIT_PASSED = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;
/** As the meter's: no credentials to sign with, so nothing was started. */
const EXIT_NO_CREDENTIALS = 3;

/** `failover-meter drill ...`: returns the exit code; the report goes to stdout, diagnostics to stderr. */
export async function runDrill(argv: readonly string[], io: CommandIo, deps: DrillDependencies = {}): Promise<number> {
  const parsed = parseDrillCommandLine(argv);
  if (parsed.kind === 'help') {
    io.stdout.write(`${DRILL_USAGE}\n`);
    return EXIT_PASSED;
  }
  if (parsed.kind === 'invalid') {
    io.stderr.write(`failover-meter drill: ${parsed.message}\n\n${DRILL_USAGE}\n`);
    return EXIT_USAGE;
  }
  const { options } = parsed;
  let outputs: StackOutputs;
  let region: string;
  try {
    outputs = readStackOutputs(options.outputsFile);
    region = regionForApi(outputs.apiUrl, io.env);
  } catch (error) {
    if (!(error instanceof StackOutputsError || error instanceof MissingRegionError)) throw error;
    io.stderr.write(`failover-meter drill: ${error.message}\n`);
    return EXIT_USAGE;
  }
  const method = options.method ?? (outputs.fisExperimentTemplateId === undefined ? 'reboot' : 'fis');
  if (method === 'fis' && outputs.fisExperimentTemplateId === undefined) {
    io.stderr.write(
      `failover-meter drill: --method fis needs the output "fis_experiment_template_id" in ${options.outputsFile}` +
        ' (only the dev stack has one); use --method reboot\n',
    );
    return EXIT_USAGE;
  }
  // Resolved once before anything starts, as the meter does: without credentials every heartbeat would fail as a 403
  // (an outage that is not there) and no FIS / RDS call would go through.
  const credentials = deps.credentials ?? fromNodeProviderChain();
  try {
    await requireCredentials(credentials, 'to sign the API requests and the FIS / RDS calls');
  } catch (error) {
    if (!(error instanceof MissingCredentialsError)) throw error;
    io.stderr.write(`failover-meter drill: cannot start: ${error.message}\n`);
    return EXIT_NO_CREDENTIALS;
  }
  const clients = {
    fis: deps.fis ?? new FisClient({ region, credentials }),
    rds: deps.rds ?? new RDSClient({ region, credentials }),
  };
  if (method === 'blue-green') {
    // Before any heartbeat: a deployment that cannot be switched over is refused, not metered.
    const refusal = await blueGreenRefusal(clients.rds, options.blueGreenDeploymentId as string);
    if (refusal !== undefined) {
      io.stderr.write(`failover-meter drill: ${refusal.message}\n`);
      return refusal.usage ? EXIT_USAGE : EXIT_FAILED;
    }
  }
  const target =
    deps.target ?? createApiTarget({ baseUrl: outputs.apiUrl, client: createJsonHttpClient({ region, credentials }) });
  try {
    return await drill(options, { ...outputs, method }, target, clients, io);
  } finally {
    await target.close();
  }
}

async function drill(
  options: DrillOptions,
  outputs: StackOutputs & { method: FailoverMethod },
  target: HeartbeatTarget,
  clients: { fis: FisClient; rds: RDSClient },
  io: CommandIo,
): Promise<number> {
  const stop = new AbortController();
  const unsubscribe = io.onInterrupt(() => {
    if (stop.signal.aborted) io.exitNow(130);
    io.stderr.write(
      '\nfailover-meter drill: stopping (an FIS experiment, reboot or switchover already started keeps going)\n',
    );
    stop.abort();
  });
  const statusLine = createStatusLine(io.stdout);
  const attempts: AttemptRecord[] = [];
  const deadline = Date.now() + options.maxDurationMs;
  const metering = measureFailover({
    target,
    runId: options.runId,
    schedule: {
      intervalMs: options.intervalMs,
      timeoutMs: options.timeoutMs,
      durationMs: options.maxDurationMs,
      // The drill decides when to stop: after the DB is available again, not after the first recovered write.
      stopAfterRecovery: false,
      settleMs: options.settleMs,
    },
    stopSignal: stop.signal,
    onAttempt: (attempt, all) => {
      attempts.push(attempt);
      statusLine?.update(attempt, all);
    },
  });
  try {
    await sleep(options.baselineMs, stop.signal);
    let outcome: FailoverOutcome;
    const plan = {
      method: outputs.method,
      dbInstanceIdentifier: outputs.dbInstanceIdentifier,
      experimentTemplateId: outputs.fisExperimentTemplateId,
      blueGreenDeploymentId: options.blueGreenDeploymentId,
      switchoverTimeoutSeconds: options.switchoverTimeoutSeconds,
    };
    const notRequested = stop.signal.aborted
      ? 'interrupted during the baseline, so no failover was requested'
      : !attempts.some((attempt) => attempt.acknowledged)
        ? 'no heartbeat was acknowledged during the baseline, so no failover was requested'
        : undefined;
    if (notRequested !== undefined) {
      outcome = { ...outcomeBase(plan), problem: notRequested };
    } else {
      outcome = await runFailover(
        { ...plan, pollIntervalMs: options.pollIntervalMs, deadline, signal: stop.signal },
        clients,
      );
      if (outcome.problem === undefined) {
        await Promise.race([settle(attempts, options, stop.signal), metering]);
      }
    }
    stop.abort();
    const report = withDrill(await metering, outcome);
    statusLine?.clear();
    if (options.svgFile !== undefined) {
      writeTimeline(options.svgFile, renderSvgTimeline({ report, attempts, markers: drillMarkers(outcome) }), io);
    }
    io.stdout.write(`${options.json ? renderDrillJson(report) : renderDrillText(report)}\n`);
    return report.ok ? EXIT_PASSED : EXIT_FAILED;
  } finally {
    stop.abort();
    unsubscribe();
  }
}

/** `--settle` more after the DB is back, and on until a write succeeds again (the hard stop still applies). */
async function settle(attempts: readonly AttemptRecord[], options: DrillOptions, signal: AbortSignal): Promise<void> {
  await sleep(options.settleMs, signal);
  while (!signal.aborted && attempts.at(-1)?.acknowledged !== true) await sleep(options.intervalMs, signal);
}
