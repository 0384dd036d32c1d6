import { defineCases } from '../../testing/cases';
import { allow, document, OUR_ACCOUNT, role, trust } from './fixture-edits';
import { trustServiceConfusedDeputy } from './trust-service-confused-deputy';

export default defineCases({
  rule: trustServiceConfusedDeputy,
  failing: [
    {
      variant: 'the proxy role trusting rds.amazonaws.com with no condition',
      change: (s) =>
        (role(s, 'proxy/role').assume_role_policy = document(
          allow({ Service: 'rds.amazonaws.com' }, 'sts:AssumeRole'),
        )),
    },
    {
      variant: 'a service trust whose aws:SourceAccount is tested only if it exists',
      change: (s) =>
        (role(s, 'network/flow-log-role').assume_role_policy = document(
          allow({ Service: 'vpc-flow-logs.amazonaws.com' }, 'sts:AssumeRole', {
            Condition: { StringEqualsIfExists: { 'aws:SourceAccount': OUR_ACCOUNT } },
          }),
        )),
    },
  ],
  passing: [
    {
      variant: 'a Lambda execution role (Lambda sends no source keys)',
      change: (s) => trust(s, allow({ Service: 'lambda.amazonaws.com' }, 'sts:AssumeRole')),
    },
    {
      variant: 'the proxy role trusting rds.amazonaws.com for our account only',
      change: (s) =>
        (role(s, 'proxy/role').assume_role_policy = document(
          allow({ Service: 'rds.amazonaws.com' }, 'sts:AssumeRole', {
            Condition: { StringEquals: { 'aws:SourceAccount': OUR_ACCOUNT } },
          }),
        )),
    },
  ],
});
