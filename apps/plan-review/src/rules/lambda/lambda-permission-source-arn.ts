import { isTrustedAccount } from '../../config/review-config';
import { label } from '../../model/lookup';
import { isUnknownPrincipal } from '../../model/resource-policies';
import { isSet } from '../../model/values';
import { defineResourceRule } from '../rule';

/**
 * Services whose source ARNs name no account (an S3 bucket's `arn:aws:s3:::bucket`; SES, as the provider documents
 * for source_account): a source_arn alone lets a bucket of that name in another account invoke the function.
 */
const ACCOUNTLESS_SOURCE_SERVICES = ['s3.amazonaws.com', 'ses.amazonaws.com'];

export const lambdaPermissionSourceArn = defineResourceRule({
  id: 'lambda-permission-source-arn',
  severity: 'critical',
  peers: { checkov: [], trivy: ['AWS-0067'] },
  differences: [
    {
      peer: 'trivy',
      id: 'AWS-0067',
      difference:
        'trivy asks only a `*.amazonaws.com` principal for a source_arn, so it accepts principal `*`, a principal ' +
        'known only at apply, any account (ours or foreign) without source_arn or source_account, and a function URL ' +
        'with auth type NONE; we refuse them, since each lets a caller the stack did not name invoke the function.',
    },
    {
      peer: 'trivy',
      id: 'AWS-0067',
      difference:
        'trivy accepts S3 and SES with a source_arn alone; we also require source_account, since their source ARNs ' +
        'name no account and a bucket name freed by its owner can be taken by another account.',
    },
  ],
  title:
    'Lambda permissions name their caller: no `*` principal, a source_arn for AWS services (and a source_account ' +
    'for S3 and SES), a source_account for accounts, and no public function URL (function_url_auth_type NONE)',
  description:
    "An `aws_lambda_permission` adds a statement to the function's resource-based policy, and an AWS service " +
    'invoking the function is judged by that policy alone. A service principal without a source_arn lets any ' +
    'resource of that service, in any account, invoke the function (the confused deputy); S3 and SES source ARNs ' +
    "name no account, so AWS documents a source_account for them too. An account principal must be the stack's own " +
    'or one reviewed in review-config.json, with a source_arn or source_account; `*` (unless narrowed to an ' +
    'organisation by principal_org_id), an unset principal or one known only at apply is everyone; and a function ' +
    'URL permission with function_url_auth_type NONE opens the URL to unauthenticated callers.',
  remediation:
    'Name the caller: a service principal with the source_arn of the API, rule or secret that invokes (and ' +
    'source_account for S3 and SES), or a reviewed account with source_account; give function URLs AWS_IAM auth.',
  docs: [
    'https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html',
    'https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-services.html',
    'https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html',
    'https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html',
    'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_permission',
  ],
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
});
