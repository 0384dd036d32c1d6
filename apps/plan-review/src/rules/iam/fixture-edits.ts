import { addSynthResource, synthResource, type SynthJson } from '../../testing/fixtures';

/** Identity policies and the fixture resources that carry them, for the IAM rules' cases. */
export const OUR_ACCOUNT = '123456789012';

export const document = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
export const grant = (action: unknown, resource: unknown = '${aws_secretsmanager_secret.app-secret.arn}') => ({
  Effect: 'Allow',
  Action: action,
  Resource: resource,
});

export const role = (synth: SynthJson, suffix = 'api-function/role') => synthResource(synth, 'aws_iam_role', suffix);
export const policy = (synth: SynthJson, suffix = 'api-function/policy') =>
  synthResource(synth, 'aws_iam_role_policy', suffix);
/** Replaces the API function's inline policy with these statements. */
export const identity = (synth: SynthJson, ...statements: unknown[]) =>
  (policy(synth).policy = document(...statements));

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
