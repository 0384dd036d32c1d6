import { label } from '../model/lookup';
import type { Resource } from '../model/types';
import { asList, blocksAt, isSet } from '../model/values';
import { perResource, type Rule } from './rule';

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

export const entryPointRules: Rule[] = [
  perResource({
    id: 'api-write-routes-authorized',
    severity: 'critical',
    peers: { checkov: [], trivy: [] },
    title: 'API routes and methods that write (POST, PUT, PATCH, DELETE, ANY, $default) have an authorizer',
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
  }),
  perResource({
    id: 'function-url-authorized',
    severity: 'critical',
    peers: { checkov: ['CKV_AWS_258'], trivy: [] },
    title: 'Lambda function URLs require IAM authorization',
    appliesTo: ['aws_lambda_function_url'],
    problem: (url) => {
      const authorization = String(url.values['authorization_type'] ?? 'unset');
      return authorization.toUpperCase() === 'AWS_IAM'
        ? undefined
        : `${label(url)} lets anyone invoke the function (authorization_type ${authorization})`;
    },
  }),
  perResource({
    id: 'cors-no-any-origin',
    severity: 'high',
    peers: { checkov: [], trivy: [] },
    title: 'CORS of APIs, function URLs and buckets admits named origins only, not `*`',
    appliesTo: ['aws_apigatewayv2_api', 'aws_lambda_function_url', 'aws_s3_bucket_cors_configuration'],
    problem: (entry) => {
      const origins = [
        ...blocksAt(entry.values, 'cors_configuration').flatMap((cors) => asList(cors['allow_origins'])),
        ...blocksAt(entry.values, 'cors').flatMap((cors) => asList(cors['allow_origins'])),
        ...blocksAt(entry.values, 'cors_rule').flatMap((cors) => asList(cors['allowed_origins'])),
      ].map(String);
      return origins.some((origin) => origin.includes('*'))
        ? `${label(entry)} admits any origin in CORS (${origins.join(', ')})`
        : undefined;
    },
  }),
];
