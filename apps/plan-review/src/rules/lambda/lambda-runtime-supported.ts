import { label } from '../../model/lookup';
import { defineResourceRule } from '../rule';
import { FUNCTION } from './functions';
import { runtimeProblem } from './runtimes';

export const lambdaRuntimeSupported = defineResourceRule({
  id: 'lambda-runtime-supported',
  severity: 'medium',
  peers: { checkov: ['CKV_AWS_363'], trivy: [] },
  differences: [
    {
      peer: 'checkov',
      id: 'CKV_AWS_363',
      difference:
        'checkov refuses a fixed list of runtimes deprecated when the list was written, so it accepts a runtime ' +
        'deprecated since (nodejs20.x, python3.10, java17, provided.al2), one it does not know and one from a ' +
        "variable; we compare each runtime's deprecation date with the review's day and refuse what we cannot date.",
    },
  ],
  title: 'Lambda runtimes are known and not deprecated',
  description:
    'Lambda deprecates a runtime when its language version or operating system reaches the end of community ' +
    'long-term support: from then AWS may no longer apply security patches to it, functions on it lose technical ' +
    'support, and later Lambda blocks creating and then updating them. The rule compares the runtime with its ' +
    "deprecation date from AWS's runtimes page on the day of the review, so a function fails from the day its " +
    'runtime is deprecated; a runtime the review does not know, or cannot read, fails until it is listed with its ' +
    'date. A container image (`package_type = "Image"`) brings its runtime in the image and is not read.',
  remediation:
    'Move the function to a supported runtime, or add a new runtime to RUNTIME_DEPRECATIONS ' +
    '(apps/plan-review/src/rules/lambda/runtimes.ts) with its date from the runtimes page.',
  docs: [
    'https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html',
    'https://docs.aws.amazon.com/lambda/latest/dg/runtime-support-policy.html',
  ],
  appliesTo: FUNCTION,
  problem: (fn, _model, { today }) => {
    const problem = runtimeProblem(fn.values['runtime'], fn.values['package_type'], new Date(today));
    return problem && `${label(fn)} ${problem}`;
  },
});
