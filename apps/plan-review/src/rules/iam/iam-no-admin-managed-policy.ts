import { label, referencedResources } from '../../model/lookup';
import { MANAGED_POLICY_ATTACHMENT_TYPES, managedPolicyAttachments } from '../../model/policies';
import type { ReviewModel } from '../../model/types';
import { isExpression } from '../../model/values';
import { defineRule, finding } from '../rule';

/** Managed policies that amount to administering the account (or its IAM, which is the same). */
const ADMIN_MANAGED_POLICY =
  /^arn:aws[\w-]*:iam::aws:policy\/(?:AdministratorAccess[\w-]*|PowerUserAccess|IAMFullAccess|job-function\/(?:SystemAdministrator|NetworkAdministrator|DatabaseAdministrator))$/;

/**
 * Why an attached policy may be an admin policy: a managed admin ARN, or an ARN known only at apply
 * (`${var.policy_arn}`, `${data.aws_iam_policy.x.arn}`), which could be one. A customer-managed policy of this stack
 * is fine here: its document is checked like every identity policy.
 */
function adminPolicyProblem(policyArn: string, model: ReviewModel): string | undefined {
  if (ADMIN_MANAGED_POLICY.test(policyArn)) return policyArn;
  if (!isExpression(policyArn) || referencedResources(model, policyArn, 'aws_iam_policy').length) return undefined;
  return `${policyArn}, a policy known only at apply (it could be AdministratorAccess)`;
}

export const iamNoAdminManagedPolicy = defineRule({
  id: 'iam-no-admin-managed-policy',
  severity: 'critical',
  peers: { checkov: ['CKV_AWS_274'], trivy: [] },
  differences: [
    {
      peer: 'checkov',
      id: 'CKV_AWS_274',
      difference:
        'CKV_AWS_274 refuses only `arn:aws:iam::aws:policy/AdministratorAccess` and accepts PowerUserAccess, ' +
        'IAMFullAccess and the SystemAdministrator, NetworkAdministrator and DatabaseAdministrator job functions; we ' +
        'refuse them too, since each administers the account or its IAM (PowerUserAccess all but IAM, IAMFullAccess ' +
        'the way to everything else).',
    },
    {
      peer: 'checkov',
      id: 'CKV_AWS_274',
      difference:
        'CKV_AWS_274 accepts a policy ARN known only at apply (a variable, a data source) and does not read ' +
        '`aws_iam_role_policy_attachments_exclusive`; we refuse the first (it could be AdministratorAccess) and read ' +
        'the second, the way a hostile change would attach one.',
    },
  ],
  title: 'No AWS-managed admin policy (AdministratorAccess, PowerUserAccess, IAMFullAccess, SystemAdministrator)',
  description:
    'AdministratorAccess grants every action on every resource; PowerUserAccess every action outside IAM and ' +
    'Organizations; IAMFullAccess every IAM action, which is the way to grant oneself everything else; the ' +
    'SystemAdministrator, NetworkAdministrator and DatabaseAdministrator job functions administer whole parts of the ' +
    'account. A role of this stack holding one, through an attachment, `managed_policy_arns` or an exclusive ' +
    'attachment, is an admin of the account. An ARN known only at apply could be any of them; a customer-managed ' +
    'policy of the stack is read on its own by the statement rules.',
  remediation:
    'Detach the policy and grant the actions the role needs in an inline or customer-managed policy of the stack; pass ' +
    'a policy by reference to its `aws_iam_policy`, not through a variable.',
  docs: [
    'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/PowerUserAccess.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html',
  ],
  appliesTo: MANAGED_POLICY_ATTACHMENT_TYPES,
  check: (model) =>
    managedPolicyAttachments(model).map((attachment) => {
      const admin = adminPolicyProblem(attachment.policyArn, model);
      const problem = admin && `${label(attachment.resource)} attaches ${admin}`;
      return finding('iam-no-admin-managed-policy', attachment.resource, problem);
    }),
});
