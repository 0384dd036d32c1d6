import { defineCases } from '../../testing/cases';
import { synthResource } from '../../testing/fixtures';
import { addFunctionUrl, addResource } from '../../testing/policy-documents';
import { corsNoAnyOrigin } from './cors-no-any-origin';

export default defineCases({
  rule: corsNoAnyOrigin,
  failing: [
    {
      variant: 'the HTTP API admitting any origin',
      change: (s) =>
        (synthResource(s, 'aws_apigatewayv2_api').cors_configuration = {
          allow_origins: ['*'],
          allow_methods: ['GET'],
        }),
    },
    {
      variant: 'a bucket CORS rule for any origin',
      change: addResource('aws_s3_bucket_cors_configuration', {
        bucket: 'assets',
        cors_rule: [{ allowed_methods: ['GET'], allowed_origins: ['*'] }],
      }),
    },
    {
      variant: 'a function URL whose CORS admits https://*',
      change: (s) => addFunctionUrl(s, { authorization_type: 'AWS_IAM', cors: [{ allow_origins: ['https://*'] }] }),
    },
  ],
  passing: [
    {
      variant: 'CORS for one named origin',
      change: (s) =>
        (synthResource(s, 'aws_apigatewayv2_api').cors_configuration = { allow_origins: ['https://app.example.com'] }),
    },
  ],
});
