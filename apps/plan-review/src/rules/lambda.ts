import { customerManagedKeyProblem, isCustomerManagedKey } from '../model/kms-keys';
import { isTrustedAccount } from '../config/review-config';
import { credentialFormatIn } from '../model/credentials';
import { label } from '../model/lookup';
import { isUnknownPrincipal } from '../model/resource-policies';
import { isArnReference, isSecretName, referencesSecret } from '../model/secret-names';
import { asList, isExpression, isObject, isSet, valueAt } from '../model/values';
import { perResource, type Rule } from './rule';

const FUNCTION = ['aws_lambda_function'];

/**
 * Every managed runtime the review knows, with its deprecation date (the day AWS stops patching it), from the AWS
 * Lambda runtimes page (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html, "Supported runtimes" and
 * "Deprecated runtimes"). A runtime not listed fails: add it here with its date from that page. nodejs24.x's date is
 * Node.js 24's end of life (AWS deprecates a Node.js runtime then); the others are as the page lists them.
 */
export const RUNTIME_DEPRECATIONS: Record<string, string> = {
  'nodejs24.x': '2028-04-30',
  'nodejs22.x': '2027-04-30',
  'nodejs20.x': '2026-04-30',
  'nodejs18.x': '2025-09-01',
  'nodejs16.x': '2024-06-12',
  'nodejs14.x': '2023-12-04',
  'nodejs12.x': '2023-03-31',
  'python3.13': '2029-06-30',
  'python3.12': '2028-10-31',
  'python3.11': '2027-06-30',
  'python3.10': '2026-06-30',
  'python3.9': '2025-12-15',
  'python3.8': '2024-10-14',
  'python3.7': '2023-12-04',
  java21: '2029-06-30',
  java17: '2026-06-30',
  java11: '2026-06-30',
  'java8.al2': '2026-06-30',
  java8: '2024-01-08',
  dotnet8: '2026-11-10',
  dotnet7: '2024-05-14',
  dotnet6: '2024-12-20',
  'ruby3.4': '2028-03-31',
  'ruby3.3': '2027-03-31',
  'ruby3.2': '2026-03-31',
  'ruby2.7': '2023-12-07',
  'provided.al2023': '2029-06-30',
  'provided.al2': '2026-06-30',
  provided: '2024-01-08',
  'go1.x': '2024-01-08',
};

/** Why a function's runtime is not supported on `today`, or undefined when it is (or it is a container image). */
export function runtimeProblem(runtime: unknown, packageType: unknown, today = new Date()): string | undefined {
  if (runtime === undefined || runtime === null || runtime === '') {
    return packageType === 'Image' ? undefined : 'has no runtime';
  }
  if (typeof runtime !== 'string' || isExpression(runtime))
    return `has a runtime the review cannot read (${String(runtime)})`;
  const deprecated = RUNTIME_DEPRECATIONS[runtime];
  if (!deprecated) {
    return `uses ${runtime}, an unknown runtime: add it to RUNTIME_DEPRECATIONS in apps/plan-review/src/rules/lambda.ts with its deprecation date`;
  }
  return new Date(deprecated) <= today ? `uses ${runtime}, deprecated since ${deprecated}` : undefined;
}

/**
 * Services whose source ARNs name no account (an S3 bucket's `arn:aws:s3:::bucket`; SES, as the provider documents
 * for source_account): a source_arn alone lets a bucket of that name in another account invoke the function.
 */
const ACCOUNTLESS_SOURCE_SERVICES = ['s3.amazonaws.com', 'ses.amazonaws.com'];

export const lambdaRules: Rule[] = [
  perResource({
    id: 'lambda-in-vpc',
    severity: 'high',
    peers: { checkov: ['CKV_AWS_117'], trivy: [] },
    title: 'Lambda functions run inside the VPC',
    appliesTo: FUNCTION,
    problem: (fn) =>
      isSet(valueAt(fn.values, 'vpc_config.subnet_ids')) && isSet(valueAt(fn.values, 'vpc_config.security_group_ids'))
        ? undefined
        : `${label(fn)} is not in a VPC (vpc_config subnet_ids/security_group_ids)`,
  }),
  perResource({
    id: 'lambda-reserved-concurrency',
    severity: 'high',
    peers: { checkov: ['CKV_AWS_115'], trivy: [] },
    title: 'Lambda functions reserve their concurrency',
    appliesTo: FUNCTION,
    problem: (fn) => {
      const reserved = fn.values['reserved_concurrent_executions'];
      return typeof reserved === 'number' && reserved >= 0
        ? undefined
        : `${label(fn)} has reserved_concurrent_executions=${String(reserved ?? 'unset')}`;
    },
  }),
  perResource({
    id: 'lambda-xray-tracing',
    severity: 'high',
    peers: { checkov: ['CKV_AWS_50'], trivy: [] },
    title: 'Lambda functions have X-Ray tracing',
    appliesTo: FUNCTION,
    problem: (fn) => {
      const mode = valueAt(fn.values, 'tracing_config.mode');
      return mode === 'Active' || mode === 'PassThrough' ? undefined : `${label(fn)} has no tracing_config`;
    },
  }),
  perResource({
    id: 'lambda-environment-cmk',
    severity: 'high',
    peers: { checkov: ['CKV_AWS_173'], trivy: [] },
    title: 'Lambda environment variables are encrypted with a CMK',
    appliesTo: FUNCTION,
    problem: (fn, model) =>
      !hasEnvironmentVariables(fn.values) || isCustomerManagedKey(fn.values['kms_key_arn'], model)
        ? undefined
        : `${label(fn)} has environment variables but no CMK (${customerManagedKeyProblem(fn.values['kms_key_arn'], 'kms_key_arn', model)})`,
  }),
  perResource({
    id: 'lambda-no-secrets-in-environment',
    severity: 'critical',
    peers: { checkov: ['CKV_AWS_45'], trivy: [] },
    title: 'Lambda environment variables hold no secrets',
    appliesTo: FUNCTION,
    problem: (fn) => {
      // A secret-named variable may only carry the secret's ARN; a reference (`${random_password.x.result}`) is
      // resolved into the environment, and so into the state and the console, like a literal. Any variable may
      // carry a credential in a known format (`DATABASE_URL=mysql://admin:…@host`, an access key).
      const leaked = Object.entries(variablesOf(fn.values)).filter(
        ([name, value]) =>
          credentialFormatIn(String(value)) !== undefined ||
          referencesSecret(value) ||
          (isSecretName(name) && !isArnReference(value)),
      );
      // Names only: the values are exactly what must not be printed.
      return leaked.length
        ? `${label(fn)} holds secrets in environment variables ${leaked.map(([name]) => name).join(', ')}`
        : undefined;
    },
  }),
  perResource({
    id: 'lambda-runtime-supported',
    severity: 'high',
    peers: { checkov: ['CKV_AWS_363'], trivy: [] },
    title: 'Lambda runtimes are known and not deprecated',
    appliesTo: FUNCTION,
    problem: (fn, _model, { today }) => {
      const problem = runtimeProblem(fn.values['runtime'], fn.values['package_type'], new Date(today));
      return problem && `${label(fn)} ${problem}`;
    },
  }),
  perResource({
    id: 'lambda-permission-source-arn',
    severity: 'critical',
    peers: { checkov: [], trivy: ['AWS-0067'] },
    title:
      'Lambda permissions name their caller: no `*` principal, a source_arn for AWS services (and a source_account ' +
      'for S3 and SES), a source_account for accounts, and no public function URL (function_url_auth_type NONE)',
    appliesTo: ['aws_lambda_permission'],
    problem: (permission, model, { config }) => {
      const principal = String(permission.values['principal'] ?? '');
      const who = `${label(permission)} lets ${principal || 'an unset principal'} invoke`;
      // `*` with principal_org_id is how AWS grants a whole organisation; without it, it is everyone.
      const everyone = principal === '' || (principal.includes('*') && !isSet(permission.values['principal_org_id']));
      if (everyone) return `${who}: that is everyone`;
      if (isUnknownPrincipal(principal)) return `${who}: a principal known only at apply (it could be "*")`;
      if (permission.values['function_url_auth_type'] === 'NONE') return `${who} a function URL with no authorization`;
      if (principal.endsWith('.amazonaws.com') && !isSet(permission.values['source_arn'])) {
        return `${who} without a source_arn`;
      }
      if (ACCOUNTLESS_SOURCE_SERVICES.includes(principal) && !isSet(permission.values['source_account'])) {
        return `${who} without a source_account (its source ARNs name no account)`;
      }
      const account = /^(?:arn:aws[\w-]*:iam::)?(\d{12})(?::|$)/.exec(principal)?.[1];
      if (account && !isTrustedAccount(account, model, config)) {
        return `${who}: an account neither the stack's own nor in apps/plan-review/review-config.json`;
      }
      return account && !isSet(permission.values['source_arn']) && !isSet(permission.values['source_account'])
        ? `${who} without a source_arn or source_account`
        : undefined;
    },
  }),
];

function variablesOf(values: Record<string, unknown>): Record<string, unknown> {
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
function hasEnvironmentVariables(values: Record<string, unknown>): boolean {
  const dynamic = values['dynamic'];
  if (isObject(dynamic) && 'environment' in dynamic) return true;
  if (asList(values['environment']).some(isExpression)) return true;
  const variables = valueAt(values, 'environment.variables');
  return isObject(variables) ? Object.keys(variables).length > 0 : isSet(variables);
}
