#!/usr/bin/env node
// `failover-meter --api <url> | --mysql-url <url> | --secret-arn <arn> --run-id <id> [options]`, or `failover-meter drill ...`
require('../../../tools/run-typescript-cli')('apps/failover-meter/src/cli.ts');
