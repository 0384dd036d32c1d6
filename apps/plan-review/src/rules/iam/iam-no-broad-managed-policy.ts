import { label } from '../../model/lookup';
import { MANAGED_POLICY_ATTACHMENT_TYPES, managedPolicyAttachments } from '../../model/policies';
import { defineRule, finding } from '../rule';

/**
 * AWS-managed policies that grant a whole service or more: *FullAccess, *ReadWrite, every admin and power-user
 * policy, and every job-function policy (each spans many services, e.g. job-function/SystemAdministrator).
 */
const BROAD_MANAGED_POLICY =
  /^arn:aws[\w-]*:iam::aws:policy\/(?:job-function\/.*|(?:.*\/)?[\w-]*(?:FullAccess|ReadWrite|Administrator|PowerUser)[\w-]*)$/i;

export const iamNoBroadManagedPolicy = defineRule({
  id: 'iam-no-broad-managed-policy',
  severity: 'critical',
  peers: { checkov: [], trivy: [] },
  title: 'No AWS-managed *FullAccess / *ReadWrite / admin / power-user / job-function policy is attached',
  description:
    'AWS managed policies are written for every customer and grant whole services: `SecretsManagerReadWrite` reads and ' +
    'rewrites every secret of the account, `AWSLambda_FullAccess` changes every function, and the job-function ' +
    'policies span many services at once. AWS updates them when services gain actions, so what they grant grows ' +
    'without a change to the stack. Attached to a role of this stack, through an attachment, `managed_policy_arns` ' +
    'or an exclusive attachment, such a policy undoes the least privilege the inline policies keep.',
  remediation:
    'Attach a narrow service-role policy (`AWSLambdaVPCAccessExecutionRole`) or write an inline or customer-managed ' +
    'policy with the actions and resources the role needs.',
  docs: [
    'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/about-managed-policy-reference',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html',
  ],
  appliesTo: MANAGED_POLICY_ATTACHMENT_TYPES,
  check: (model) =>
    managedPolicyAttachments(model).map((attachment) =>
      finding(
        'iam-no-broad-managed-policy',
        attachment.resource,
        BROAD_MANAGED_POLICY.test(attachment.policyArn)
          ? `${label(attachment.resource)} attaches ${attachment.policyArn}`
          : undefined,
      ),
    ),
});
