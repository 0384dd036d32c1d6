import { parseArgs } from 'node:util';
import { InvalidOption, type Parsed, parseRunId, parseSeconds, parseSvgFile } from '../options';

export type FailoverMethod = 'fis' | 'reboot' | 'blue-green';

/**
 * SwitchoverBlueGreenDeployment's SwitchoverTimeout: 300 s by default, 30 s at least, and the User Guide allows up to
 * 3,600 s (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_SwitchoverBlueGreenDeployment.html,
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/blue-green-deployments-switching.html#blue-green-deployments-switching-timeout).
 */
export const SWITCHOVER_TIMEOUT_SECONDS = { default: 300, min: 30, max: 3600 } as const;

/** BlueGreenDeploymentIdentifier's pattern in the RDS API reference (e.g. `bgd-0123456789abcdef`). */
const BLUE_GREEN_DEPLOYMENT_ID = /^[A-Za-z][0-9A-Za-z\-:._]{0,254}$/;

export interface DrillOptions {
  readonly outputsFile: string;
  /** @default 'fis' when the outputs carry an experiment template, else 'reboot' */
  readonly method?: FailoverMethod;
  /** `--blue-green-deployment-id`: required with, and only with, `--method blue-green`. */
  readonly blueGreenDeploymentId?: string;
  /** `--switchover-timeout`, whole seconds, sent as SwitchoverTimeout. */
  readonly switchoverTimeoutSeconds: number;
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
       failover-meter drill --outputs <terraform-outputs.json> --run-id <id> --method blue-green
                            --blue-green-deployment-id <bgd-id> [--switchover-timeout <seconds>] [options]

Meters heartbeats through the stack's API (SigV4-signed), requests a Multi-AZ failover (or a blue/green switchover)
after a baseline, keeps metering until the DB reports available again (or the switchover completed, plus --settle),
reads every heartbeat back and reports.

  --outputs <file>           \`terraform output -json\` of the stack: api_url, db_instance_identifier and, in dev,
                             fis_experiment_template_id
  --method fis|reboot|blue-green
                             fis: start the FIS experiment template and wait for it to finish (default when the
                             outputs have a template); reboot: RDS RebootDBInstance with ForceFailover;
                             blue-green: RDS SwitchoverBlueGreenDeployment of an existing deployment, refused before
                             any heartbeat unless DescribeBlueGreenDeployments says AVAILABLE, then polled until
                             SWITCHOVER_COMPLETED (anything else it ends in fails the drill)
  --blue-green-deployment-id <bgd-id>
                             the deployment to switch over (\`aws rds describe-blue-green-deployments\`); the stack
                             does not create one, see the README's blue/green runbook
  --switchover-timeout <s>   SwitchoverTimeout, ${SWITCHOVER_TIMEOUT_SECONDS.min}-${SWITCHOVER_TIMEOUT_SECONDS.max} whole seconds (default ${SWITCHOVER_TIMEOUT_SECONDS.default}); past it RDS
                             rolls the switchover back
  --run-id <id>              required; names this run's heartbeats
  --baseline <seconds>       heartbeats before the failover is requested (default 5)
  --settle <seconds>         metering after the DB is available again and writes succeed (default 10)
  --poll-interval <seconds>  between FIS / RDS status checks (default 5)
  --max-duration <seconds>   hard stop for the whole drill (default 900; keep it above baseline + switchover timeout)
  --interval, --timeout      as for the meter (defaults 0.5 and 5)
  --svg <file>               also draw the run as an SVG timeline, with the failover's moments marked
  --json                     print the report as one JSON object

Exit codes: 0 passed; 1 a heartbeat was lost, writes never recovered, or the failover failed (e.g. the experiment
ended failed or stopped, the switchover ended SWITCHOVER_FAILED or was rolled back, or the deployment was not
AVAILABLE to start with); 2 usage (bad options or outputs file, no such blue/green deployment); 3 no AWS credentials
(nothing was started).`;

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
        'blue-green-deployment-id': { type: 'string' },
        'switchover-timeout': { type: 'string' },
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
    const method = parseMethod(values.method);
    return {
      kind: 'run',
      options: {
        outputsFile: values.outputs,
        method,
        blueGreenDeploymentId: parseBlueGreenDeploymentId(method, values['blue-green-deployment-id']),
        switchoverTimeoutSeconds: parseSwitchoverTimeout(method, values['switchover-timeout']),
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
  if (raw === undefined || raw === 'fis' || raw === 'reboot' || raw === 'blue-green') return raw;
  throw new InvalidOption(`--method must be fis, reboot or blue-green, got "${raw}"`);
}

function parseBlueGreenDeploymentId(method: FailoverMethod | undefined, raw: string | undefined): string | undefined {
  if (method !== 'blue-green') {
    if (raw !== undefined) throw new InvalidOption('--blue-green-deployment-id only applies to --method blue-green');
    return undefined;
  }
  if (raw === undefined || raw.trim() === '') {
    throw new InvalidOption(
      '--method blue-green needs --blue-green-deployment-id <bgd-id> (`aws rds describe-blue-green-deployments`)',
    );
  }
  if (!BLUE_GREEN_DEPLOYMENT_ID.test(raw)) {
    throw new InvalidOption(`--blue-green-deployment-id must be a blue/green deployment identifier, got "${raw}"`);
  }
  return raw;
}

function parseSwitchoverTimeout(method: FailoverMethod | undefined, raw: string | undefined): number {
  if (raw === undefined) return SWITCHOVER_TIMEOUT_SECONDS.default;
  if (method !== 'blue-green') throw new InvalidOption('--switchover-timeout only applies to --method blue-green');
  const seconds = raw.trim() === '' ? Number.NaN : Number(raw);
  const { min, max } = SWITCHOVER_TIMEOUT_SECONDS;
  if (!Number.isInteger(seconds) || seconds < min || seconds > max) {
    throw new InvalidOption(`--switchover-timeout must be whole seconds from ${min} to ${max}, got "${raw}"`);
  }
  return seconds;
}
