import { defineCases } from '../../testing/cases';
import { synthResource } from '../../testing/fixtures';
import { addFunctionUrl } from '../../testing/policy-documents';
import { functionUrlAuthorized } from './function-url-authorized';

export default defineCases({
  rule: functionUrlAuthorized,
  // The stack has no function URL: add one the right way.
  setup: (s) => addFunctionUrl(s, { authorization_type: 'AWS_IAM' }),
  failing: [
    {
      variant: 'authorization_type = NONE',
      change: (s) => (synthResource(s, 'aws_lambda_function_url').authorization_type = 'NONE'),
    },
    { variant: 'a function URL without authorization_type', change: (s) => addFunctionUrl(s, {}) },
  ],
  passing: [
    {
      // IAM-authorized URLs may still be called from a named browser origin (the CORS rule judges the origin).
      variant: 'an AWS_IAM function URL with CORS for one named origin',
      change: (s) =>
        addFunctionUrl(s, {
          authorization_type: 'AWS_IAM',
          cors: [{ allow_origins: ['https://app.example.com'], allow_methods: ['POST'] }],
        }),
    },
  ],
});
