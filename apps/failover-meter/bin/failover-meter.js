#!/usr/bin/env node
// `failover-meter --api <url> | --mysql-url <url> | --secret-arn <arn> --run-id <id> [options]`, `failover-meter drill ...` or `failover-meter alert-path ...`
require('../../../tools/run-typescript-cli')('apps/failover-meter/src/cli.ts');
