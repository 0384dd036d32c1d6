// Runs `node --import tsx apps/plan-review/src/cli.ts` with the target's options as flags. Nx reports any failure as
// exit 1; scripts that need the CLI's 0/1/2 distinction call `npm run review -- <args>` instead.
const { spawnSync } = require('node:child_process');

const OPTIONS = ['env', 'plan', 'synth', 'base', 'format', 'out'];

module.exports = async function runReview(options, context) {
  const flags = OPTIONS.filter((name) => options[name] !== undefined).flatMap((name) => [
    `--${name}`,
    String(options[name]),
  ]);
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'apps/plan-review/src/cli.ts', ...flags], {
    cwd: context.root,
    stdio: 'inherit',
  });
  return { success: result.status === 0 };
};
