// Runs a TypeScript CLI of this workspace through tsx, from any working directory, and hands back its exit code.
// The bins call this so that no build step sits between a change to a CLI and its use.
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const workspaceRoot = path.resolve(__dirname, '..');

module.exports = function runTypeScriptCli(entry) {
  // By URL: `--import tsx` would resolve from the caller's directory, which may be anywhere.
  const tsxLoader = pathToFileURL(path.join(workspaceRoot, 'node_modules/tsx/dist/loader.mjs')).href;
  const cli = path.join(workspaceRoot, entry);
  const result = spawnSync(process.execPath, ['--import', tsxLoader, cli, ...process.argv.slice(2)], {
    stdio: 'inherit',
    // tsx reads the path aliases from this tsconfig, wherever the caller stands.
    env: { ...process.env, TSX_TSCONFIG_PATH: path.join(workspaceRoot, 'tsconfig.json') },
  });
  if (result.error) throw result.error;
  // A CLI killed by a signal (a second Ctrl-C) exits as a shell would report it.
  process.exit(result.status ?? 128 + (result.signal === 'SIGINT' ? 2 : 15));
};
