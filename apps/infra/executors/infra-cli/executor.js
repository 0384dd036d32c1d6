// Runs `node --import tsx apps/infra/src/cli/<command>.ts` with the target's options as flags.
// nx:run-commands cannot take `--env=<stack>` (its own `env` option is an object of environment variables).
const { spawnSync } = require('node:child_process');

const COMMAND_FILES = {
  plan: 'plan.ts',
  deploy: 'deploy-main.ts deploy',
  destroy: 'deploy-main.ts destroy',
  outputs: 'outputs.ts',
};
const FLAGS = ['offline', 'auto-approve', 'saved-plan', 'yes-i-mean-prod'];

module.exports = async function runInfraCli(options, context) {
  const [file, ...fixedArgs] = COMMAND_FILES[options.command].split(' ');
  const args = [
    '--import',
    'tsx',
    `apps/infra/src/cli/${file}`,
    ...fixedArgs,
    `--env=${options.env}`,
    ...FLAGS.filter((flag) => options[flag]).map((flag) => `--${flag}`),
  ];
  const result = spawnSync(process.execPath, args, { cwd: context.root, stdio: 'inherit' });
  return { success: result.status === 0 };
};
