import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';

export interface HttpRequestParts {
  readonly method: string;
  /** Path plus query string, as received by the server, e.g. `/heartbeats?runId=a&limit=5`. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body?: Buffer;
  readonly sourceIp?: string;
}

const TEXT_CONTENT = /^(text\/|application\/(json|x-www-form-urlencoded|xml|javascript))/i;

/**
 * Builds the API Gateway HTTP API payload-2.0 event for a request, the way API Gateway does: lower-case headers
 * with repeated ones comma-joined, cookies split out, decoded query parameters, and non-text bodies base64-encoded.
 *
 * @example
 * const event = toPayloadV2Event({ method: 'GET', url: '/time', headers: {} });
 */
export function toPayloadV2Event(request: HttpRequestParts): APIGatewayProxyEventV2 {
  const url = new URL(request.url, 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const cookies = headers['cookie']?.split(';').map((cookie) => cookie.trim());
  delete headers['cookie'];
  const queryStringParameters: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    queryStringParameters[name] = name in queryStringParameters ? `${queryStringParameters[name]},${value}` : value;
  }
  const hasBody = request.body !== undefined && request.body.length > 0;
  const isText = !headers['content-type'] || TEXT_CONTENT.test(headers['content-type']);
  const now = new Date();
  const method = request.method.toUpperCase();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    cookies,
    headers,
    queryStringParameters: url.search ? queryStringParameters : undefined,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers['host'] ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method,
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: hasBody ? request.body!.toString(isText ? 'utf8' : 'base64') : undefined,
    isBase64Encoded: hasBody && !isText,
  };
}

/**
 * A Lambda context good enough for local runs (Powertools reads the request id and function name from it).
 *
 * @example
 * const result = await handler(toPayloadV2Event({ method: 'GET', url: '/time', headers: {} }), localContext('api'));
 */
export function localContext(functionName: string, requestId: string = randomUUID()): Context {
  const deadline = Date.now() + 30_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
