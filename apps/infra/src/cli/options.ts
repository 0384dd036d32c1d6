import { parseArgs } from 'node:util';
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

/** Runs a CLI body, turning expected errors into one readable line and exit code 1. */
export function runMain(main: () => void): void {
  try {
    main();
  } catch (error) {
    console.error(`error: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
