import { defineCases } from '../../testing/cases';
import { rotationFunction } from './fixture-edits';
import { lambdaReservedConcurrency } from './lambda-reserved-concurrency';

export default defineCases({
  rule: lambdaReservedConcurrency,
  failing: [
    {
      variant: 'reserved_concurrent_executions removed',
      change: (s) => delete rotationFunction(s).reserved_concurrent_executions,
    },
    {
      variant: 'reserved_concurrent_executions = -1 (unreserved)',
      change: (s) => (rotationFunction(s).reserved_concurrent_executions = -1),
    },
  ],
  passing: [
    {
      // 0 is AWS's documented way to throttle every invocation of a function: a kill switch, not a hole.
      variant: 'reserved_concurrent_executions = 0 (the function switched off)',
      change: (s) => (rotationFunction(s).reserved_concurrent_executions = 0),
    },
  ],
});
