import { addSynthResource, synthResource, type SynthJson } from '../../testing/fixtures';
import { role } from '../../testing/policy-documents';

/** Identity policies for the IAM rules' cases: the shared policy helpers, and the attachments of its own. */
export { document, grant, identity, OUR_ACCOUNT, policy, role } from '../../testing/policy-documents';

export const attachment = (synth: SynthJson, suffix = 'api-function/vpc-access') =>
  synthResource(synth, 'aws_iam_role_policy_attachment', suffix);
export const managedPolicy = (name: string) => `arn:aws:iam::aws:policy/${name}`;

/** Attaches these policies to the API role through aws_iam_role_policy_attachments_exclusive. */
export const attachExclusive =
  (...policyArns: string[]) =>
  (synth: SynthJson) =>
    addSynthResource(synth, 'aws_iam_role_policy_attachments_exclusive', 'api-exclusive', {
      role_name: '${aws_iam_role.api-function_role_99402C8A.name}',
      policy_arns: policyArns,
    });

/** A dynamic "inline_policy" block on the API role: its policy is known only at apply. */
export const dynamicInlinePolicy = (synth: SynthJson) =>
  (role(synth).dynamic = {
    inline_policy: { for_each: '${var.policies}', content: { name: 'x', policy: '${inline_policy.value}' } },
  });
