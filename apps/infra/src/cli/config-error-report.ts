// How an infra CLI reports a ConfigError: one line naming the file and the field, exit code 2 (no side effects here;
// exit-on-config-error.ts installs the start-up handler).
export const CONFIG_ERROR_EXIT_CODE = 2;

export function describeStartupError(
  error: unknown,
  debug: boolean,
): { message: string; exitCode: number } | undefined {
  if (!(error instanceof Error) || error.name !== 'ConfigError') return undefined;
  return { message: debug ? String(error.stack) : `infra: ${error.message}`, exitCode: CONFIG_ERROR_EXIT_CODE };
}
