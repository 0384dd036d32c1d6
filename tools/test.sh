#!/usr/bin/env bash
# The README test command (`npm test`; CI's .ci/run runs it): the Prettier check, lint and typecheck of every
# project, and every project's test and integration targets. Three processes side by side, because the first two
# are one process each (Nx runs the lint and the typecheck tasks as one batch each, tools/executors) and, inside the
# run of the tests, would hold back every other task until they finish: on 2 cores one core would idle meanwhile.
# Same checks as `prettier --check . && nx run-many -t lint typecheck test integration`, in less time.
set -u
cd "$(dirname "$0")/.."

npx prettier --check . &
prettier=$!
npx nx run-many -t lint typecheck --outputStyle=static &
checks=$!
npx nx run-many -t test integration --outputStyle=static
tests=$?
wait "$checks"
checks=$?
wait "$prettier"
prettier=$?

verdict() { [ "$1" -eq 0 ] && echo ok || echo "FAILED (exit $1)"; }
echo "test command: prettier --check $(verdict "$prettier"); lint, typecheck $(verdict "$checks"); test, integration $(verdict "$tests")"
[ "$prettier" -eq 0 ] && [ "$checks" -eq 0 ] && [ "$tests" -eq 0 ]
