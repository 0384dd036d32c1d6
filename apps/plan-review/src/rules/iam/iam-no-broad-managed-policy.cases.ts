import { defineCases } from '../../testing/cases';
import { attachExclusive, attachment, managedPolicy } from './fixture-edits';
import { iamNoBroadManagedPolicy } from './iam-no-broad-managed-policy';

export default defineCases({
  rule: iamNoBroadManagedPolicy,
  failing: [
    {
      variant: 'SecretsManagerReadWrite attached to the API role',
      change: (s) => (attachment(s).policy_arn = managedPolicy('SecretsManagerReadWrite')),
    },
    ...[
      'job-function/SystemAdministrator',
      'job-function/ViewOnlyAccess',
      'AWSLambda_FullAccess',
      'PowerUserAccess',
    ].map((name) => ({
      variant: name,
      change: (s: Parameters<typeof attachment>[0]) =>
        (attachment(s, 'credentials/vpc-access').policy_arn = managedPolicy(name)),
    })),
    {
      variant: 'AmazonS3FullAccess through aws_iam_role_policy_attachments_exclusive',
      change: attachExclusive(managedPolicy('AmazonS3FullAccess')),
    },
  ],
  passing: [
    {
      variant: 'a narrow service-role policy (AWSLambdaBasicExecutionRole)',
      change: (s) => (attachment(s).policy_arn = managedPolicy('service-role/AWSLambdaBasicExecutionRole')),
    },
  ],
});
