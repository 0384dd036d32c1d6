import { defineCases } from '../../testing/cases';
import type { SynthJson } from '../../testing/fixtures';
import { apiFunction } from './fixture-edits';
import { lambdaRuntimeSupported } from './lambda-runtime-supported';

// The review's day is today: a runtime here fails once its date has passed (lambda.spec.ts pins the day).

export default defineCases({
  rule: lambdaRuntimeSupported,
  failing: [
    { variant: 'runtime = nodejs16.x', change: (s) => (apiFunction(s).runtime = 'nodejs16.x') },
    ...[
      'nodejs10.x',
      'python2.7',
      'dotnetcore3.1',
      'nodejs4.3',
      'nodejs20.x',
      'python3.10',
      'java17',
      'provided.al2',
    ].map((runtime) => ({
      variant: `${runtime} (unlisted or past its deprecation date)`,
      change: (s: SynthJson) => (apiFunction(s).runtime = runtime),
    })),
    { variant: 'a runtime from a variable', change: (s) => (apiFunction(s).runtime = '${var.runtime}') },
  ],
  passing: [
    ...['nodejs22.x', 'nodejs24.x', 'python3.13', 'java21', 'ruby3.4', 'provided.al2023'].map((runtime) => ({
      variant: `${runtime}, supported`,
      change: (s: SynthJson) => (apiFunction(s).runtime = runtime),
    })),
    {
      variant: 'a container image function without a runtime',
      change: (s) => {
        delete apiFunction(s).runtime;
        apiFunction(s).package_type = 'Image';
      },
    },
  ],
});
