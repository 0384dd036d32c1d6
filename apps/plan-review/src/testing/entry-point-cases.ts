import { addSynthResource, synthResource, type SynthJson } from './fixtures';
import { route, addFunctionUrl, addResource } from './policy-documents';
import type { RuleCase } from './rule-cases';

/**
 * Cases for the entry points: API routes and methods, function URLs, CORS. Each leak case is a way a careless or
 * hostile change opens a hole; each safe case is the same resource used right.
 */
export const ENTRY_POINT_RULE_CASES: RuleCase[] = [
  {
    rule: 'api-write-routes-authorized',
    breakIt: (s) => (route(s).route_key = 'POST /heartbeats'),
  },
  {
    rule: 'function-url-authorized',
    breakIt: (s) => (synthResource(s, 'aws_lambda_function_url').authorization_type = 'NONE'),
  },
  {
    rule: 'cors-no-any-origin',
    breakIt: (s) =>
      (synthResource(s, 'aws_apigatewayv2_api').cors_configuration = { allow_origins: ['*'], allow_methods: ['GET'] }),
  },
];

/** The passing case of function-url-authorized needs a function URL, which our stack does not have. */
export const ENTRY_POINT_PASSING_SETUP: Record<string, (synth: SynthJson) => void> = {
  'function-url-authorized': (s) => addFunctionUrl(s, { authorization_type: 'AWS_IAM' }),
};

export const ENTRY_POINT_LEAK_CASES: RuleCase[] = [
  ...['PUT /items', 'DELETE /items/{id}', 'ANY /{proxy+}', '$default', 'patch /items'].map((routeKey) => ({
    rule: 'api-write-routes-authorized',
    variant: routeKey,
    breakIt: (s: SynthJson) => Object.assign(route(s), { route_key: routeKey, authorization_type: 'NONE' }),
  })),
  {
    rule: 'api-write-routes-authorized',
    variant: 'a REST API POST method with authorization NONE',
    breakIt: addResource('aws_api_gateway_method', {
      rest_api_id: 'api',
      resource_id: 'items',
      http_method: 'POST',
      authorization: 'NONE',
    }),
  },
  {
    rule: 'cors-no-any-origin',
    variant: 'a bucket CORS rule for any origin',
    breakIt: addResource('aws_s3_bucket_cors_configuration', {
      bucket: 'assets',
      cors_rule: [{ allowed_methods: ['GET'], allowed_origins: ['*'] }],
    }),
  },
  {
    rule: 'function-url-authorized',
    variant: 'a function URL without authorization_type',
    breakIt: (s) => addFunctionUrl(s, {}),
  },
  {
    rule: 'cors-no-any-origin',
    variant: 'a function URL whose CORS admits https://*',
    breakIt: (s) => addFunctionUrl(s, { authorization_type: 'AWS_IAM', cors: [{ allow_origins: ['https://*'] }] }),
  },
];

export const ENTRY_POINT_SAFE_CASES: RuleCase[] = [
  {
    rule: 'api-write-routes-authorized',
    variant: 'a write route with AWS_IAM and a public read',
    breakIt: (s) => {
      Object.assign(route(s), { route_key: 'POST /heartbeats', authorization_type: 'AWS_IAM' });
      addSynthResource(s, 'aws_apigatewayv2_route', 'time', { route_key: 'GET /time', authorization_type: 'NONE' });
    },
  },
  {
    rule: 'api-write-routes-authorized',
    variant: 'a REST API POST method with AWS_IAM and a public GET method',
    breakIt: (s) => {
      addSynthResource(s, 'aws_api_gateway_method', 'post', { http_method: 'POST', authorization: 'AWS_IAM' });
      addSynthResource(s, 'aws_api_gateway_method', 'get', { http_method: 'GET', authorization: 'NONE' });
    },
  },
  {
    rule: 'cors-no-any-origin',
    variant: 'CORS for one named origin',
    breakIt: (s) =>
      (synthResource(s, 'aws_apigatewayv2_api').cors_configuration = { allow_origins: ['https://app.example.com'] }),
  },
];
