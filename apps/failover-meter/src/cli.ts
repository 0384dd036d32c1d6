#!/usr/bin/env node
// Entry point: `npm run failover-meter -- <args>` or `npx nx run failover-meter:run -- <args>`.
import './register-sql-text';
import { runCommand } from './command';

function exitAfterFlush(code: number): void {
  // Writing an empty chunk and waiting for its callback drains a piped stdout before exit cuts it off.
  process.stdout.write('', () => process.exit(code));
}

runCommand(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  onInterrupt(listener) {
    process.on('SIGINT', listener);
    return () => process.off('SIGINT', listener);
  },
  exitNow: (code) => process.exit(code),
}).then(exitAfterFlush, (error: unknown) => {
  process.stderr.write(`failover-meter: ${error instanceof Error ? error.message : String(error)}\n`);
  exitAfterFlush(1);
});
