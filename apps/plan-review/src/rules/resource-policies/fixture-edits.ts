import { addSynthResource, synthResource, type SynthJson } from '../../testing/fixtures';

/** Resource policies, role trusts and the fixture resources that carry them, for this concern's cases. */
export const OUR_ACCOUNT = '123456789012';
export const FOREIGN_ACCOUNT = '999988887777';

export const document = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
export const allow = (principal: unknown, action: unknown, extra: Record<string, unknown> = {}) => ({
  Effect: 'Allow',
  Principal: principal,
  Action: action,
  Resource: '*',
  ...extra,
});

export const role = (synth: SynthJson, suffix = 'api-function/role') => synthResource(synth, 'aws_iam_role', suffix);
/** Replaces the API role's trust policy with these statements. */
export const trust = (synth: SynthJson, ...statements: unknown[]) =>
  (role(synth).assume_role_policy = document(...statements));
export const key = (synth: SynthJson) => synthResource(synth, 'aws_kms_key', 'kms/secrets');

/** Adds one resource of a type, named after it, with these values. */
export const addResource = (type: string, values: Record<string, unknown>) => (synth: SynthJson) =>
  addSynthResource(synth, type, type.replace(/^aws_/, ''), values);

/** A resource policy on the app secret with this one statement. */
export const secretPolicy = (statement: unknown) =>
  addResource('aws_secretsmanager_secret_policy', {
    secret_arn: '${aws_secretsmanager_secret.app-secret.arn}',
    policy: document(statement),
  });

/** A secret policy for everyone, narrowed by one condition. */
export const narrowedBy = (operator: string, conditionKey: string, value: string) =>
  secretPolicy(
    allow({ AWS: '*' }, 'secretsmanager:GetSecretValue', { Condition: { [operator]: { [conditionKey]: value } } }),
  );

export const GITHUB = `arn:aws:iam::${OUR_ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
export const AUDIENCE = { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' };
/** The API role trusting GitHub's OIDC provider, under this condition (none when undefined). */
export const githubTrust = (synth: SynthJson, condition?: Record<string, unknown>) =>
  trust(
    synth,
    allow({ Federated: GITHUB }, 'sts:AssumeRoleWithWebIdentity', condition ? { Condition: condition } : {}),
  );

/** Appends an aliased AWS provider pinned to `account` (a second region, say). */
export const aliasedProvider = (account: string) => (synth: SynthJson) => {
  synth['provider'].aws.push({ alias: 'other', region: 'us-east-1', allowed_account_ids: [account] });
};
