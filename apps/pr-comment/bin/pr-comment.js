#!/usr/bin/env node
// `pr-comment --stack <name> --body <review.md> [--pr <number>]`: the pull request's one review comment per stack.
require('../../../tools/run-typescript-cli')('apps/pr-comment/src/comment-cli.ts');
