// Imported first by every infra entry point (synth, plan, deploy, offline plans): the configuration is validated
// when it is imported, so a mistake surfaces while the entry point is still loading, as an uncaught exception. It
// becomes one line naming the file and the field, and exit code 2; INFRA_DEBUG=1 keeps the stack.
import { describeStartupError } from './config-error-report';

export { CONFIG_ERROR_EXIT_CODE, describeStartupError } from './config-error-report';

const debug = process.env['INFRA_DEBUG'] === '1';
process.on('uncaughtException', (error) => {
  const described = describeStartupError(error, debug);
  if (!described) throw error;
  process.stderr.write(`${described.message}\n`);
  process.exit(described.exitCode);
});
