import { defineCases } from '../../testing/cases';
import { accountAliasArn, apiFunction } from './fixture-edits';
import { lambdaEnvironmentCmk } from './lambda-environment-cmk';

export default defineCases({
  rule: lambdaEnvironmentCmk,
  failing: [
    { variant: 'kms_key_arn removed', change: (s) => delete apiFunction(s).kms_key_arn },
    {
      variant: 'kms_key_arn = the ARN of alias/aws/lambda',
      change: (s) => (apiFunction(s).kms_key_arn = accountAliasArn('aws/lambda')),
    },
  ],
  passing: [
    {
      // The key encrypts environment variables and nothing else (lambda.spec.ts has the other shapes of "none").
      variant: 'a function without environment variables and without a key',
      change: (s) => {
        delete apiFunction(s).environment;
        delete apiFunction(s).kms_key_arn;
      },
    },
  ],
});
