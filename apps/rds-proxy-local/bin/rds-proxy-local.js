#!/usr/bin/env node
// `rds-proxy-local --listen HOST:PORT --target HOST:PORT --secret-file PATH [options]` (see --help)
require('../../../tools/run-typescript-cli')('apps/rds-proxy-local/src/cli.ts');
