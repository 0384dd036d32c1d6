import { defineCases } from '../../testing/cases';
import { apiFunction } from './fixture-edits';
import { lambdaXrayTracing } from './lambda-xray-tracing';

export default defineCases({
  rule: lambdaXrayTracing,
  failing: [{ variant: 'tracing_config removed', change: (s) => delete apiFunction(s).tracing_config }],
  passing: [
    {
      variant: 'tracing_config mode PassThrough (traces what API Gateway sampled)',
      change: (s) => (apiFunction(s).tracing_config = { mode: 'PassThrough' }),
    },
  ],
});
