/**
 * Small helpers for IAM JSON policies. Policies are plain JSON strings with Terraform tokens inside
 * (`JSON.stringify` keeps string tokens intact), so synth tests can `JSON.parse` them and check every statement.
 */
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: string[];
  readonly Resource: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

export function policyDocument(statements: PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** Trust policy letting one AWS service principal (e.g. `lambda.amazonaws.com`) assume the role. */
export function assumeRolePolicy(servicePrincipal: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: servicePrincipal }, Action: 'sts:AssumeRole' }],
  });
}

/**
 * kms:Decrypt on the secrets key, but only when Secrets Manager makes the call on the principal's behalf
 * (`kms:ViaService`): the key can't be used directly to decrypt anything else.
 */
export function decryptSecretsViaSecretsManager(secretsKeyArn: string, region: string): PolicyStatement {
  return {
    Sid: 'DecryptSecretsThroughSecretsManager',
    Effect: 'Allow',
    Action: ['kms:Decrypt'],
    Resource: secretsKeyArn,
    Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` } },
  };
}
