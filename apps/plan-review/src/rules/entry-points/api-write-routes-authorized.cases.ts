import { defineCases } from '../../testing/cases';
import { addSynthResource, synthResource, type SynthJson } from '../../testing/fixtures';
import { addResource, route } from '../../testing/policy-documents';
import { apiWriteRoutesAuthorized } from './api-write-routes-authorized';

const httpApi = (synth: SynthJson) => synthResource(synth, 'aws_apigatewayv2_api');
const API_FUNCTION_ARN = '${aws_lambda_function.api-function_6EE8A0DE.arn}';

export default defineCases({
  rule: apiWriteRoutesAuthorized,
  failing: [
    // The fixture's route is `GET /` with no authorizer: a public read, until it writes.
    {
      variant: 'the public route turned into POST /heartbeats',
      change: (s) => (route(s).route_key = 'POST /heartbeats'),
    },
    ...['PUT /items', 'DELETE /items/{id}', 'ANY /{proxy+}', '$default', 'patch /items'].map((routeKey) => ({
      variant: `${routeKey} with authorization NONE`,
      change: (s: SynthJson) => Object.assign(route(s), { route_key: routeKey, authorization_type: 'NONE' }),
    })),
    {
      variant: 'a REST API POST method with authorization NONE',
      change: addResource('aws_api_gateway_method', {
        rest_api_id: 'api',
        resource_id: 'items',
        http_method: 'POST',
        authorization: 'NONE',
      }),
    },
    {
      variant: 'an HTTP API quick create (target): a $default route with no authorizer',
      change: (s) => (httpApi(s).target = API_FUNCTION_ARN),
    },
    {
      variant: 'an HTTP API quick create with a write route_key',
      change: (s) => Object.assign(httpApi(s), { target: API_FUNCTION_ARN, route_key: 'POST /items' }),
    },
  ],
  passing: [
    {
      variant: 'a write route with AWS_IAM and a public read',
      change: (s) => {
        Object.assign(route(s), { route_key: 'POST /heartbeats', authorization_type: 'AWS_IAM' });
        addSynthResource(s, 'aws_apigatewayv2_route', 'time', { route_key: 'GET /time', authorization_type: 'NONE' });
      },
    },
    {
      variant: 'a REST API POST method with AWS_IAM and a public GET method',
      change: (s) => {
        addSynthResource(s, 'aws_api_gateway_method', 'post', { http_method: 'POST', authorization: 'AWS_IAM' });
        addSynthResource(s, 'aws_api_gateway_method', 'get', { http_method: 'GET', authorization: 'NONE' });
      },
    },
    {
      variant: 'an HTTP API quick create of a read route',
      change: (s) => Object.assign(httpApi(s), { target: API_FUNCTION_ARN, route_key: 'GET /time' }),
    },
  ],
});
