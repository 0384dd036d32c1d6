import { parseArgs } from 'node:util';
import { InvalidOption, type Parsed, parseRunId, parseSeconds, parseSvgFile } from '../options';

export type FailoverMethod = 'fis' | 'reboot';

export interface DrillOptions {
  readonly outputsFile: string;
  /** @default 'fis' when the outputs carry an experiment template, else 'reboot' */
  readonly method?: FailoverMethod;
  readonly runId: string;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /** Heartbeats before the failover is requested. */
  readonly baselineMs: number;
  /** Metering after the DB reports available again (and writes succeed). */
  readonly settleMs: number;
  readonly pollIntervalMs: number;
  /** Hard stop for the whole drill, failover included. */
  readonly maxDurationMs: number;
  readonly json: boolean;
  readonly svgFile?: string;
}

export type ParsedDrillCommandLine = Parsed<DrillOptions>;

export const DRILL_USAGE = `Usage: failover-meter drill --outputs <terraform-outputs.json> --run-id <id> [--method fis|reboot] [options]

Meters heartbeats through the stack's API (SigV4-signed), requests a Multi-AZ failover after a baseline, keeps
metering until the DB reports available again (plus --settle), reads every heartbeat back and reports.

  --outputs <file>           \`terraform output -json\` of the stack: api_url, db_instance_identifier and, in dev,
                             fis_experiment_template_id
  --method fis|reboot        fis: start the FIS experiment template and wait for it to finish (default when the
                             outputs have a template); reboot: RDS RebootDBInstance with ForceFailover
  --run-id <id>              required; names this run's heartbeats
  --baseline <seconds>       heartbeats before the failover is requested (default 5)
  --settle <seconds>         metering after the DB is available again and writes succeed (default 10)
  --poll-interval <seconds>  between FIS / RDS status checks (default 5)
  --max-duration <seconds>   hard stop for the whole drill (default 900)
  --interval, --timeout      as for the meter (defaults 0.5 and 5)
  --svg <file>               also draw the run as an SVG timeline, with the failover's moments marked
  --json                     print the report as one JSON object

Exit codes: 0 passed; 1 a heartbeat was lost, writes never recovered, or the failover failed (e.g. the experiment
ended failed or stopped); 2 usage (bad options or outputs file).`;

export function parseDrillCommandLine(argv: readonly string[]): ParsedDrillCommandLine {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        outputs: { type: 'string' },
        method: { type: 'string' },
        'run-id': { type: 'string' },
        interval: { type: 'string' },
        timeout: { type: 'string' },
        baseline: { type: 'string' },
        settle: { type: 'string' },
        'poll-interval': { type: 'string' },
        'max-duration': { type: 'string' },
        svg: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    return { kind: 'invalid', message: (error as Error).message };
  }
  if (values.help) return { kind: 'help' };
  try {
    if (values.outputs === undefined || values.outputs.trim() === '') {
      throw new InvalidOption('--outputs <terraform-outputs.json> is required');
    }
    return {
      kind: 'run',
      options: {
        outputsFile: values.outputs,
        method: parseMethod(values.method),
        runId: parseRunId(values['run-id']),
        intervalMs: parseSeconds('--interval', values.interval, 0.5, { allowZero: false }),
        timeoutMs: parseSeconds('--timeout', values.timeout, 5, { allowZero: false }),
        baselineMs: parseSeconds('--baseline', values.baseline, 5, { allowZero: false }),
        settleMs: parseSeconds('--settle', values.settle, 10, { allowZero: true }),
        pollIntervalMs: parseSeconds('--poll-interval', values['poll-interval'], 5, { allowZero: false }),
        maxDurationMs: parseSeconds('--max-duration', values['max-duration'], 900, { allowZero: false }),
        json: values.json,
        svgFile: parseSvgFile(values.svg),
      },
    };
  } catch (error) {
    if (error instanceof InvalidOption) return { kind: 'invalid', message: error.message };
    throw error;
  }
}

function parseMethod(raw: string | undefined): FailoverMethod | undefined {
  if (raw === undefined || raw === 'fis' || raw === 'reboot') return raw;
  throw new InvalidOption(`--method must be fis or reboot, got "${raw}"`);
}
