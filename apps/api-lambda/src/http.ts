import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type ErrorCode =
  | 'INVALID_JSON'
  | 'INVALID_FIELD'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'PAYLOAD_TOO_LARGE'
  | 'SERVICE_UNAVAILABLE'
  | 'CONFIGURATION_ERROR'
  | 'INTERNAL_ERROR';

/** An error whose status, code and message are safe to send to the caller as they are. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const MAX_BODY_BYTES = 16 * 1024;

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function json(
  statusCode: number,
  body: unknown,
  headers?: Record<string, string>,
): APIGatewayProxyStructuredResultV2 {
  return jsonText(statusCode, JSON.stringify(body), headers);
}

/** A JSON response whose body is already serialized. */
export function jsonText(
  statusCode: number,
  body: string,
  headers?: Record<string, string>,
): APIGatewayProxyStructuredResultV2 {
  // A fresh object per response (a caller may add to it), written as a literal: copying a shared base object and an
  // empty one with spreads was a measurable part of a warm invocation.
  const base = { 'content-type': 'application/json', 'cache-control': 'no-store' };
  return { statusCode, headers: headers ? Object.assign(base, headers) : base, body };
}

const pad2 = (n: number) => (n < 10 ? '0' : '') + n;
const pad3 = (n: number) => (n < 10 ? '00' : n < 100 ? '0' : '') + n;

/**
 * `date.toISOString()`, written out in JavaScript for years 0-9999 (every time a DATETIME column or UTC_TIMESTAMP can
 * hold): V8's built-in took about twice as long, the largest single cost of our own code in a warm `GET /time`.
 * Other dates, and invalid ones (which throw), go to the built-in; http.spec.ts checks the two agree.
 */
export function isoTimestamp(date: Date): string {
  const year = date.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) return date.toISOString();
  return (
    (year < 10 ? '000' : year < 100 ? '00' : year < 1000 ? '0' : '') +
    year +
    '-' +
    pad2(date.getUTCMonth() + 1) +
    '-' +
    pad2(date.getUTCDate()) +
    'T' +
    pad2(date.getUTCHours()) +
    ':' +
    pad2(date.getUTCMinutes()) +
    ':' +
    pad2(date.getUTCSeconds()) +
    '.' +
    pad3(date.getUTCMilliseconds()) +
    'Z'
  );
}

/**
 * `JSON.stringify({ now: isoTimestamp(date) })`, the body of `GET /time`, without building and serializing an object
 * on every warm invocation: an ISO timestamp holds only digits and `+-:.TZ`, which JSON writes as they are
 * (RFC 8259 §7), so quoting it is all the serializing it needs. http.spec.ts checks the two agree.
 */
export function nowBody(date: Date): string {
  return '{"now":"' + isoTimestamp(date) + '"}';
}

export function errorResponse(error: HttpError): APIGatewayProxyStructuredResultV2 {
  return json(error.statusCode, { error: { code: error.code, message: error.message } }, error.headers);
}

/** The JSON body of a request, after the 16 KB limit. */
export function jsonBody(event: APIGatewayProxyEventV2): unknown {
  const raw =
    event.body === undefined ? Buffer.alloc(0) : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
  if (raw.length > MAX_BODY_BYTES) {
    throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `The body is ${raw.length} bytes; the limit is ${MAX_BODY_BYTES}`);
  }
  let text: string;
  try {
    // JSON is UTF-8 (RFC 8259 §8.1): refuse other bytes instead of letting them become U+FFFD unnoticed.
    text = UTF8.decode(raw);
  } catch {
    throw new HttpError(400, 'INVALID_JSON', 'The body is not valid UTF-8');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'INVALID_JSON', 'The body is not valid JSON');
  }
}

export function invalidField(field: string, rule: string): HttpError {
  return new HttpError(400, 'INVALID_FIELD', `${field} ${rule}`);
}
