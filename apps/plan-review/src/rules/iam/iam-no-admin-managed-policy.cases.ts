import { defineCases } from '../../testing/cases';
import { addSynthResource, type SynthJson } from '../../testing/fixtures';
import { attachExclusive, attachment, document, grant, managedPolicy, role } from './fixture-edits';
import { iamNoAdminManagedPolicy } from './iam-no-admin-managed-policy';

export default defineCases({
  rule: iamNoAdminManagedPolicy,
  failing: [
    {
      variant: 'AdministratorAccess attached to the API role',
      change: (s) => (attachment(s).policy_arn = managedPolicy('AdministratorAccess')),
    },
    ...['AdministratorAccess', 'PowerUserAccess', 'IAMFullAccess', 'job-function/SystemAdministrator'].map((name) => ({
      variant: `${name} in managed_policy_arns`,
      change: (s: SynthJson) => (role(s).managed_policy_arns = [managedPolicy(name)]),
    })),
    {
      variant: 'a policy ARN from a variable (it could be AdministratorAccess)',
      change: (s) => (attachment(s).policy_arn = '${var.policy_arn}'),
    },
    {
      variant: 'AdministratorAccess through aws_iam_role_policy_attachments_exclusive',
      change: attachExclusive(managedPolicy('ReadOnlyAccess'), managedPolicy('AdministratorAccess')),
    },
  ],
  passing: [
    {
      variant: 'a narrow service-role policy',
      change: (s) => (role(s).managed_policy_arns = [managedPolicy('service-role/AWSLambdaBasicExecutionRole')]),
    },
    {
      variant: 'a customer-managed policy of this stack, by reference (its document is checked on its own)',
      change: (s) => {
        addSynthResource(s, 'aws_iam_policy', 'ops', {
          name: 'ops',
          policy: document(grant('xray:PutTraceSegments', '*')),
        });
        attachment(s).policy_arn = '${aws_iam_policy.ops.arn}';
      },
    },
    {
      variant: 'aws_iam_role_policy_attachments_exclusive with a read-only policy',
      change: attachExclusive(managedPolicy('AWSXrayWriteOnlyAccess')),
    },
  ],
});
