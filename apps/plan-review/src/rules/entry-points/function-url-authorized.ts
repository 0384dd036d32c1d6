import { label } from '../../model/lookup';
import { defineResourceRule } from '../rule';

export const functionUrlAuthorized = defineResourceRule({
  id: 'function-url-authorized',
  severity: 'critical',
  peers: { checkov: ['CKV_AWS_258'], trivy: [] },
  differences: [
    {
      peer: 'checkov',
      id: 'CKV_AWS_258',
      difference:
        'CKV_AWS_258 refuses only the literal `NONE`: a URL without `authorization_type`, or with one set from a ' +
        'variable or reference, passes there; ours accepts only `AWS_IAM` as the plan shows it, because a value the ' +
        'review cannot read may be `NONE` at apply, and an open URL bypasses every authorizer of the API.',
    },
  ],
  title: 'Lambda function URLs require IAM authorization',
  description:
    'A function URL is an HTTPS endpoint of its own on the function, beside the API and its authorizers. With ' +
    '`authorization_type = "NONE"` Lambda authenticates nobody before it invokes the function, and the only check ' +
    "left is the function's resource-based policy; with `AWS_IAM` every request must be signed by a principal whose " +
    'policies allow `lambda:InvokeFunctionUrl`. The attribute is required by AWS, so a URL that does not set it to ' +
    '`AWS_IAM` in the plan is refused too.',
  remediation:
    'Set `authorization_type = "AWS_IAM"` on the `aws_lambda_function_url`, or remove the URL and route callers ' +
    'through the API.',
  docs: [
    'https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html',
    'https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/lambda_function_url',
  ],
  appliesTo: ['aws_lambda_function_url'],
  problem: (url) => {
    const authorization = String(url.values['authorization_type'] ?? 'unset');
    return authorization.toUpperCase() === 'AWS_IAM'
      ? undefined
      : `${label(url)} lets anyone invoke the function (authorization_type ${authorization})`;
  },
});
