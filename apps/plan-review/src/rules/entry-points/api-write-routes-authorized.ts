import { label } from '../../model/lookup';
import type { Resource } from '../../model/types';
import { isSet } from '../../model/values';
import { defineResourceRule } from '../rule';

/**
 * Methods that change something. `ANY` and the `$default` route include them. Reads may be public on purpose (our
 * `GET /` and `GET /time`); a write anyone can call is a hole.
 */
const WRITE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE', 'ANY'];

function isWrite(routeKey: string): boolean {
  return routeKey === '$default' || WRITE_METHODS.includes(routeKey.split(' ')[0].toUpperCase());
}

/**
 * HTTP API quick create: `target` (a Lambda or HTTP URL) makes AWS create an integration, a route (`route_key`,
 * `$default` when unset) and a stage with the API, and that route has no authorizer: no route resource shows it.
 * https://docs.aws.amazon.com/apigateway/latest/api/apis.html#apis-prop-createapiinput-target
 */
function quickCreateProblem(api: Resource): string | undefined {
  if (!isSet(api.values['target'])) return undefined;
  const routeKey = String(api.values['route_key'] ?? '$default');
  return isWrite(routeKey)
    ? `${label(api)} quick-creates the route ${routeKey} with no authorizer (target set): anyone can call it`
    : undefined;
}

export const apiWriteRoutesAuthorized = defineResourceRule({
  id: 'api-write-routes-authorized',
  severity: 'critical',
  peers: { checkov: [], trivy: [] },
  title: 'API routes and methods that write (POST, PUT, PATCH, DELETE, ANY, $default) have an authorizer',
  description:
    'A route or method whose authorization is `NONE` runs its integration for anyone who can reach the API on the ' +
    'internet: API Gateway checks nothing before it invokes the Lambda. Reads may be public on purpose; a route that ' +
    'writes (POST, PUT, PATCH, DELETE, `ANY`, or the `$default` route that catches every method) must have an ' +
    'authorizer: IAM (SigV4), JWT or a Lambda authorizer. An HTTP API made by quick create (`target` set) gets a ' +
    '`$default` route (or its `route_key`) with no authorizer, and no route resource of the stack shows it.',
  remediation:
    'Set `authorization_type` (HTTP API route) or `authorization` (REST API method) to `AWS_IAM`, `JWT` or `CUSTOM` ' +
    'with an authorizer; for a quick-created API, declare the routes as `aws_apigatewayv2_route` instead of `target`.',
  docs: [
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control.html',
    'https://docs.aws.amazon.com/apigateway/latest/api/apis.html#apis-prop-createapiinput-target',
    'https://docs.aws.amazon.com/config/latest/developerguide/api-gwv2-authorization-type-configured.html',
  ],
  // Not mapped to CKV_AWS_309 (any route without an authorizer) on purpose: a suppression of it that accepts a
  // public read must not also accept that route once it writes.
  appliesTo: ['aws_apigatewayv2_route', 'aws_api_gateway_method', 'aws_apigatewayv2_api'],
  problem: (route) => {
    if (route.type === 'aws_apigatewayv2_api') return quickCreateProblem(route);
    const routeKey = String(route.values['route_key'] ?? route.values['http_method'] ?? '');
    const writes = isWrite(routeKey);
    const authorization = String(route.values['authorization_type'] ?? route.values['authorization'] ?? 'NONE');
    return writes && authorization.toUpperCase() === 'NONE'
      ? `${label(route)} lets anyone call ${routeKey} (authorization NONE)`
      : undefined;
  },
});
