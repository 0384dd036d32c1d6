import { DbConfigError } from '@rds-platform/db-client';
import { measureFailover } from './measure';
import { parseCommandLine, USAGE, type MeterOptions } from './options';
import type { AttemptRecord } from './report/attempt';
import { renderJson, renderText } from './report/render';
import { renderSvgTimeline } from './report/svg';
import { runAlertPath, type AlertPathDependencies } from './alert-path/run-alert-path';
import { runDrill, type DrillDependencies } from './drill/run-drill';
import { createStatusLine } from './status-line';
import { createTarget, MissingCredentialsError } from './targets/create-target';
import { MissingRegionError } from './targets/http-client';
import { writeTimeline } from './timeline-file';

export interface CommandIo {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
  /** Subscribes to Ctrl-C; returns the unsubscribe function. */
  readonly onInterrupt: (listener: () => void) => () => void;
  /** Leaves at once (a second Ctrl-C). */
  readonly exitNow: (code: number) => void;
}

export const EXIT_PASSED = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
/** No credentials to sign with (the run did not start). */
export const EXIT_NO_CREDENTIALS = 3;
const EXIT_INTERRUPTED_TWICE = 130;

/** The whole CLI: returns the exit code; the report goes to stdout, diagnostics to stderr. */
export async function runCommand(
  argv: readonly string[],
  io: CommandIo,
  dependencies: { readonly drill?: DrillDependencies; readonly alertPath?: AlertPathDependencies } = {},
): Promise<number> {
  if (argv[0] === 'drill') return runDrill(argv.slice(1), io, dependencies.drill);
  if (argv[0] === 'alert-path') return runAlertPath(argv.slice(1), io, dependencies.alertPath);
  const parsed = parseCommandLine(argv);
  if (parsed.kind === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return EXIT_PASSED;
  }
  if (parsed.kind === 'invalid') {
    io.stderr.write(`failover-meter: ${parsed.message}\n\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  return measure(parsed.options, io);
}

async function measure(options: MeterOptions, io: CommandIo): Promise<number> {
  // db-client warns on every new connection (e.g. TLS off); during an outage that is one line per attempt.
  const warned = new Set<string>();
  const logger = {
    warn: (message: string) => {
      if (warned.has(message)) return;
      warned.add(message);
      io.stderr.write(`db-client: ${message}\n`);
    },
    info: () => undefined,
  };
  let target;
  try {
    target = await createTarget(options.target, { env: io.env, timeoutMs: options.timeoutMs, logger });
  } catch (error) {
    const usageProblem = error instanceof DbConfigError || error instanceof MissingRegionError;
    io.stderr.write(`failover-meter: cannot start: ${(error as Error).message}\n`);
    if (error instanceof MissingCredentialsError) return EXIT_NO_CREDENTIALS;
    return usageProblem ? EXIT_USAGE : EXIT_FAILED;
  }
  const stop = new AbortController();
  const unsubscribe = io.onInterrupt(() => {
    if (stop.signal.aborted) io.exitNow(EXIT_INTERRUPTED_TWICE);
    io.stderr.write('\nfailover-meter: stopping after the attempt in flight (Ctrl-C again to quit without a report)\n');
    stop.abort();
  });
  const statusLine = createStatusLine(io.stdout);
  const attempts: AttemptRecord[] = [];
  try {
    const report = await measureFailover({
      target,
      runId: options.runId,
      schedule: {
        intervalMs: options.intervalMs,
        timeoutMs: options.timeoutMs,
        durationMs: options.durationMs,
        stopAfterRecovery: options.durationMs === undefined,
        settleMs: options.settleMs,
        giveUpWithoutSuccessMs: options.giveUpMs,
      },
      stopSignal: stop.signal,
      onAttempt: (attempt, all) => {
        attempts.push(attempt);
        statusLine?.update(attempt, all);
      },
    });
    statusLine?.clear();
    if (options.svgFile !== undefined) writeTimeline(options.svgFile, renderSvgTimeline({ report, attempts }), io);
    io.stdout.write(`${options.json ? renderJson(report) : renderText(report)}\n`);
    return report.ok ? EXIT_PASSED : EXIT_FAILED;
  } finally {
    unsubscribe();
    await target.close();
  }
}
