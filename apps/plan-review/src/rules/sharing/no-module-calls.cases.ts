import { defineCases } from '../../testing/cases';
import { noModuleCalls } from './no-module-calls';

// sharing.spec.ts beside this file runs the rule on the fixture plan's configuration as well.
export default defineCases({
  rule: noModuleCalls,
  failing: [
    {
      variant: 'a registry module call (terraform-aws-modules/vpc/aws)',
      change: (s) => (s['module'] = { vpc: { source: 'terraform-aws-modules/vpc/aws', version: '5.0.0' } }),
    },
  ],
});
