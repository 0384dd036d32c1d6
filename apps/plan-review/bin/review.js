#!/usr/bin/env node
// `review --plan <plan.json> | --synth <cdk.tf.json> [--base <git-ref>] [--format md|json] [--out <file>]`
require('../../../tools/run-typescript-cli')('apps/plan-review/src/cli.ts');
