import { asList, isExpression, isObject, isSet, valueAt } from '../../model/values';

/** The resource type the function rules look at. */
export const FUNCTION = ['aws_lambda_function'];

/** A function's environment variables as written (`environment.variables`), or none. */
export function variablesOf(values: Record<string, unknown>): Record<string, unknown> {
  const variables = valueAt(values, 'environment.variables');
  return isObject(variables) ? variables : {};
}

/**
 * The key in `kms_key_arn` encrypts the function's environment variables and nothing else
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html): a function without any
 * (no `environment`, `environment {}`, `variables = {}`) has nothing for it to protect, as checkov's CKV_AWS_173
 * checks only functions that have variables. Variables given by an expression (`variables = var.env`, a
 * `dynamic "environment"` block) may be any, so they count as set.
 */
export function hasEnvironmentVariables(values: Record<string, unknown>): boolean {
  const dynamic = values['dynamic'];
  if (isObject(dynamic) && 'environment' in dynamic) return true;
  if (asList(values['environment']).some(isExpression)) return true;
  const variables = valueAt(values, 'environment.variables');
  return isObject(variables) ? Object.keys(variables).length > 0 : isSet(variables);
}
