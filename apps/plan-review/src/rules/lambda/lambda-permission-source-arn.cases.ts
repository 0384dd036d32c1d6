import { defineCases } from '../../testing/cases';
import type { SynthJson } from '../../testing/fixtures';
import { FOREIGN_ACCOUNT, OUR_ACCOUNT, addBucketPermission, invokePermission } from './fixture-edits';
import { lambdaPermissionSourceArn } from './lambda-permission-source-arn';

export default defineCases({
  rule: lambdaPermissionSourceArn,
  failing: [
    { variant: "the API's permission without its source_arn", change: (s) => delete invokePermission(s).source_arn },
    ...['s3.amazonaws.com', 'ses.amazonaws.com'].map((principal) => ({
      variant: `${principal} with a source_arn but no source_account (its ARNs name no account)`,
      change: (s: SynthJson) => addBucketPermission(s, { principal }),
    })),
    { variant: 'a principal from a variable', change: (s) => (invokePermission(s).principal = '${var.invoker}') },
    { variant: 'principal *', change: (s) => (invokePermission(s).principal = '*') },
    {
      variant: 'an account principal with neither source_arn nor source_account',
      change: (s) => Object.assign(invokePermission(s), { principal: OUR_ACCOUNT, source_arn: undefined }),
    },
    {
      variant: 'an account not in review-config.json',
      change: (s) =>
        Object.assign(invokePermission(s), { principal: FOREIGN_ACCOUNT, source_account: FOREIGN_ACCOUNT }),
    },
    {
      variant: 'a permission for a function URL with function_url_auth_type NONE',
      change: (s) =>
        Object.assign(invokePermission(s), {
          action: 'lambda:InvokeFunctionUrl',
          principal: OUR_ACCOUNT,
          source_account: OUR_ACCOUNT,
          function_url_auth_type: 'NONE',
        }),
    },
  ],
  passing: [
    {
      variant: 'S3 with its source_account',
      change: (s) => addBucketPermission(s, { principal: 's3.amazonaws.com', source_account: OUR_ACCOUNT }),
    },
    {
      variant: 'our account with a source_account, and a function URL permission with AWS_IAM',
      change: (s) =>
        Object.assign(invokePermission(s), {
          action: 'lambda:InvokeFunctionUrl',
          principal: OUR_ACCOUNT,
          source_arn: undefined,
          source_account: OUR_ACCOUNT,
          function_url_auth_type: 'AWS_IAM',
        }),
    },
    {
      variant: 'principal * narrowed to our organisation by principal_org_id',
      change: (s) => Object.assign(invokePermission(s), { principal: '*', principal_org_id: 'o-a1b2c3d4e5' }),
    },
    {
      variant: 'a role of this stack as the principal, by reference',
      change: (s) =>
        Object.assign(invokePermission(s), {
          principal: '${aws_iam_role.proxy_role_A46D75EC.arn}',
          source_arn: undefined,
        }),
    },
  ],
});
