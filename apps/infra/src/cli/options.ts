import { parseArgs } from 'node:util';
import { describeStartupError } from './config-error-report';
import { STATE_STACK_NAME } from '../app';
import { ENVIRONMENT_NAMES } from '../config/environment-config';

export const STACK_NAMES: readonly string[] = [STATE_STACK_NAME, ...ENVIRONMENT_NAMES];

export class UsageError extends Error {
  override name = 'UsageError';
}

/** `--env` names a stack: `state` (deploy it once, first) or an environment. @default 'dev' */
export function parseStackName(value: string | undefined): string {
  const name = value ?? 'dev';
  if (!STACK_NAMES.includes(name)) {
    throw new UsageError(`--env must be one of ${STACK_NAMES.join(', ')}, got "${name}".`);
  }
  return name;
}

export interface CommandLine {
  readonly stackName: string;
  readonly flags: Readonly<Record<string, boolean>>;
}

/** Parses `--env=<stack>` plus the given boolean flags; anything else is a usage error. */
export function parseCommandLine(argv: readonly string[], booleanFlags: readonly string[]): CommandLine {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        env: { type: 'string' },
        ...Object.fromEntries(booleanFlags.map((flag) => [flag, { type: 'boolean' as const, default: false }])),
      },
      strict: true,
    });
    const parsed = values as Record<string, string | boolean | undefined>;
    const flags = Object.fromEntries(booleanFlags.map((flag) => [flag, parsed[flag] === true]));
    return { stackName: parseStackName(parsed.env as string | undefined), flags };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError((error as Error).message);
  }
}

/**
 * One readable line and an exit code for an error a CLI body threw: a ConfigError (e.g. a bad deploy/<stack>.json,
 * read only when a command needs it) is exit 2 as at start-up, anything else 1.
 */
export function reportCliError(error: unknown): void {
  const config = describeStartupError(error, process.env['INFRA_DEBUG'] === '1');
  console.error(config ? config.message : `error: ${(error as Error).message}`);
  process.exitCode = config ? config.exitCode : 1;
}

/** Runs a CLI body, turning expected errors into one readable line and exit code 1 (2 for a ConfigError). */
export function runMain(main: () => void): void {
  try {
    main();
  } catch (error) {
    reportCliError(error);
  }
}
