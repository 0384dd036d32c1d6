import { addSynthResource, synthResource, type SynthJson } from './fixtures';

/** Policy documents and the fixture resources that carry them, for the policy rules' cases. */
export const FOREIGN_ACCOUNT = '999988887777';
export const OUR_ACCOUNT = '123456789012';

/** The ARN of a KMS alias in the fixture's account and region (`alias/aws/...` names an AWS managed key). */
export const accountAliasArn = (alias: string) => `arn:aws:kms:ap-northeast-2:${OUR_ACCOUNT}:alias/${alias}`;

export const document = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
export const allow = (principal: unknown, action: unknown, extra: Record<string, unknown> = {}) => ({
  Effect: 'Allow',
  Principal: principal,
  Action: action,
  Resource: '*',
  ...extra,
});

export const role = (synth: SynthJson, suffix = 'api-function/role') => synthResource(synth, 'aws_iam_role', suffix);
export const trust = (synth: SynthJson, ...statements: unknown[]) =>
  (role(synth).assume_role_policy = document(...statements));
export const key = (synth: SynthJson) => synthResource(synth, 'aws_kms_key', 'kms/secrets');
export const policy = (synth: SynthJson, suffix = 'api-function/policy') =>
  synthResource(synth, 'aws_iam_role_policy', suffix);
export const identity = (synth: SynthJson, ...statements: unknown[]) =>
  (policy(synth).policy = document(...statements));
export const grant = (action: unknown, resource: unknown = '${aws_secretsmanager_secret.app-secret.arn}') => ({
  Effect: 'Allow',
  Action: action,
  Resource: resource,
});
export const route = (synth: SynthJson) => synthResource(synth, 'aws_apigatewayv2_route');
export const invokePermission = (synth: SynthJson) => synthResource(synth, 'aws_lambda_permission', 'http-api/invoke');
export const addFunctionUrl = (synth: SynthJson, values: Record<string, unknown>) =>
  addSynthResource(synth, 'aws_lambda_function_url', 'api-url', {
    function_name: '${aws_lambda_function.api-function_6EE8A0DE.function_name}',
    ...values,
  });
export const addResource = (type: string, values: Record<string, unknown>) => (synth: SynthJson) =>
  addSynthResource(synth, type, type.replace(/^aws_/, ''), values);

export const GITHUB = `arn:aws:iam::${OUR_ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
export const githubTrust = (synth: SynthJson, condition?: Record<string, unknown>) =>
  trust(
    synth,
    allow({ Federated: GITHUB }, 'sts:AssumeRoleWithWebIdentity', condition ? { Condition: condition } : {}),
  );
export const AUDIENCE = { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' };

export const secretPolicy = (statement: unknown) =>
  addResource('aws_secretsmanager_secret_policy', {
    secret_arn: '${aws_secretsmanager_secret.app-secret.arn}',
    policy: document(statement),
  });
