import { parseArgs } from 'node:util';
import { isValidRunId, RUN_ID_RULE } from '@rds-platform/db';

export type TargetOptions =
  | { readonly kind: 'api'; readonly baseUrl: URL; readonly sign: boolean }
  | { readonly kind: 'mysql-url'; readonly url: string }
  | { readonly kind: 'secret'; readonly secretArn: string };

export interface MeterOptions {
  readonly target: TargetOptions;
  readonly runId: string;
  readonly intervalMs: number;
  /** Hard stop. Without it the run ends `settleMs` after the first recovery (or at Ctrl-C). */
  readonly durationMs?: number;
  readonly settleMs: number;
  readonly timeoutMs: number;
  /** Give up when no heartbeat has been acknowledged this long after the first attempt. */
  readonly giveUpMs: number;
  readonly json: boolean;
  /** Where to write the SVG timeline of the run. @default no picture */
  readonly svgFile?: string;
}

/** What a command line asks for: a run with these options, the usage text, or nothing (with why). */
export type Parsed<Options> =
  | { readonly kind: 'run'; readonly options: Options }
  | { readonly kind: 'help' }
  | { readonly kind: 'invalid'; readonly message: string };

export type ParsedCommandLine = Parsed<MeterOptions>;

export const USAGE = `Usage: failover-meter (--api <base-url> [--no-sign] | --mysql-url <url> | --secret-arn <arn>) --run-id <id> [options]
       failover-meter drill --outputs <terraform-outputs.json> --run-id <id> [--method fis|reboot|blue-green] (see drill --help)
       failover-meter alert-path --outputs <terraform-outputs.json> [--timeout-seconds <n>] [--json] (see alert-path --help)

Writes one heartbeat per interval, measures failure windows, then reads every heartbeat back to prove that no
acknowledged write was lost.

Targets (exactly one):
  --api <base-url>      POST/GET <base-url>/heartbeats through API Gateway, signed with SigV4 (execute-api)
  --no-sign             with --api: send unsigned requests (local serve)
  --mysql-url <url>     straight at the DB or the proxy: mysql://user:password@host:port/database
  --secret-arn <arn>    straight at the DB or the proxy with the credentials in this Secrets Manager secret
                        (DB_TLS / DB_TLS_CA_FILE apply to both direct targets, as in db-client)

Options:
  --run-id <id>         required; names this run's heartbeats (letters, digits, . _ : -; at most 64)
  --interval <seconds>  time between heartbeat starts (default 0.5, must be > 0)
  --duration <seconds>  hard stop (default: run until recovery is seen, then --settle more seconds)
  --settle <seconds>    how long to keep going after the first recovery (default 5)
  --timeout <seconds>   per attempt (default 5)
  --give-up <seconds>   stop when no heartbeat has been acknowledged this long after the first attempt (default 60):
                        a wrong URL or missing credentials never succeed, so there is no recovery to wait for
  --json                print the report as one JSON object
  --svg <file>          also draw the run as an SVG timeline (latency over time, failure windows shaded)
  --help                show this text

Exit codes: 0 passed, 1 an acknowledged heartbeat is lost, the loss check failed or writes never recovered, 2 usage,
3 no AWS credentials to sign the API requests with (the run does not start).`;

export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        api: { type: 'string' },
        'no-sign': { type: 'boolean', default: false },
        'mysql-url': { type: 'string' },
        'secret-arn': { type: 'string' },
        'run-id': { type: 'string' },
        interval: { type: 'string' },
        duration: { type: 'string' },
        settle: { type: 'string' },
        timeout: { type: 'string' },
        'give-up': { type: 'string' },
        json: { type: 'boolean', default: false },
        svg: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    return { kind: 'invalid', message: (error as Error).message };
  }
  if (values.help) return { kind: 'help' };
  try {
    return {
      kind: 'run',
      options: {
        target: parseTarget(values),
        runId: parseRunId(values['run-id']),
        intervalMs: parseSeconds('--interval', values.interval, 0.5, { allowZero: false }),
        durationMs:
          values.duration === undefined
            ? undefined
            : parseSeconds('--duration', values.duration, 0, { allowZero: false }),
        settleMs: parseSeconds('--settle', values.settle, 5, { allowZero: true }),
        timeoutMs: parseSeconds('--timeout', values.timeout, 5, { allowZero: false }),
        giveUpMs: parseSeconds('--give-up', values['give-up'], 60, { allowZero: false }),
        json: values.json,
        svgFile: parseSvgFile(values.svg),
      },
    };
  } catch (error) {
    if (error instanceof InvalidOption) return { kind: 'invalid', message: error.message };
    throw error;
  }
}

export class InvalidOption extends Error {}

interface RawTargetValues {
  readonly api?: string;
  readonly 'no-sign': boolean;
  readonly 'mysql-url'?: string;
  readonly 'secret-arn'?: string;
}

function parseTarget(values: RawTargetValues): TargetOptions {
  const given = (['api', 'mysql-url', 'secret-arn'] as const).filter((name) => values[name] !== undefined);
  if (given.length !== 1) {
    throw new InvalidOption(
      given.length === 0
        ? 'a target is required: --api, --mysql-url or --secret-arn'
        : `only one target at a time, got ${given.map((name) => `--${name}`).join(' and ')}`,
    );
  }
  if (values['no-sign'] && values.api === undefined) throw new InvalidOption('--no-sign only applies to --api');
  if (values.api !== undefined) return { kind: 'api', baseUrl: parseHttpUrl(values.api), sign: !values['no-sign'] };
  if (values['mysql-url'] !== undefined) return { kind: 'mysql-url', url: parseMysqlUrl(values['mysql-url']) };
  return { kind: 'secret', secretArn: parseSecretArn(values['secret-arn'] ?? '') };
}

function parseHttpUrl(raw: string): URL {
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new InvalidOption(`--api must be an http(s) URL, got "${raw}"`);
  }
  return url;
}

/** The URL carries a password: errors describe it without echoing it. */
function parseMysqlUrl(raw: string): string {
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  if (url === undefined || url.protocol !== 'mysql:' || url.hostname === '') {
    throw new InvalidOption('--mysql-url must look like mysql://user:password@host:port/database');
  }
  return raw;
}

function parseSecretArn(raw: string): string {
  if (!/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/.test(raw)) {
    throw new InvalidOption(`--secret-arn must be a Secrets Manager secret ARN, got "${raw}"`);
  }
  return raw;
}

export function parseSvgFile(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (raw.trim() === '') throw new InvalidOption('--svg needs a file name');
  return raw;
}

export function parseRunId(raw: string | undefined): string {
  if (raw === undefined) throw new InvalidOption('--run-id is required');
  if (!isValidRunId(raw)) {
    throw new InvalidOption(`--run-id must be ${RUN_ID_RULE}, got "${raw}"`);
  }
  return raw;
}

export function parseSeconds(
  name: string,
  raw: string | undefined,
  defaultSeconds: number,
  { allowZero }: { allowZero: boolean },
): number {
  if (raw === undefined) return defaultSeconds * 1000;
  const seconds = raw.trim() === '' ? Number.NaN : Number(raw);
  const valid = Number.isFinite(seconds) && (allowZero ? seconds >= 0 : seconds > 0);
  if (!valid)
    throw new InvalidOption(`${name} must be a number of seconds ${allowZero ? '>= 0' : '> 0'}, got "${raw}"`);
  return Math.round(seconds * 1000);
}
