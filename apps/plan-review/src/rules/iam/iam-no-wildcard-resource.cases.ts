import { defineCases } from '../../testing/cases';
import { grant, identity } from './fixture-edits';
import { iamNoWildcardResource } from './iam-no-wildcard-resource';

export default defineCases({
  rule: iamNoWildcardResource,
  failing: [
    {
      variant: 'secretsmanager:GetSecretValue on Resource "*"',
      change: (s) => identity(s, grant('secretsmanager:GetSecretValue', '*')),
    },
  ],
  passing: [
    {
      // Neither action has a resource type: "*" is the only Resource IAM accepts for them.
      variant: 'ec2:DescribeNetworkInterfaces and xray:PutTraceSegments on Resource "*"',
      change: (s) =>
        identity(
          s,
          grant(['ec2:DescribeNetworkInterfaces', 'xray:PutTraceSegments'], '*'),
          grant('secretsmanager:GetSecretValue'),
        ),
    },
  ],
});
