import { defineCases } from '../../testing/cases';
import { apiFunction } from './fixture-edits';
import { lambdaInVpc } from './lambda-in-vpc';

export default defineCases({
  rule: lambdaInVpc,
  failing: [
    { variant: 'vpc_config removed', change: (s) => delete apiFunction(s).vpc_config },
    {
      // Empty lists are how the provider detaches a function from its VPC.
      variant: 'vpc_config with no subnets and no security groups',
      change: (s) => (apiFunction(s).vpc_config = { subnet_ids: [], security_group_ids: [] }),
    },
  ],
  passing: [
    {
      variant: 'subnets and security groups given by variables (known at apply)',
      change: (s) =>
        (apiFunction(s).vpc_config = {
          subnet_ids: '${var.app_subnet_ids}',
          security_group_ids: ['${var.lambda_security_group_id}'],
        }),
    },
  ],
});
