import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { localContext, toPayloadV2Event } from './payload-event';

export type PayloadV2Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyResultV2>;

export interface ServeLambdaOptions {
  /** @default 0 (a free port) */
  readonly port?: number;
  /** @default '127.0.0.1' (never exposed beyond this machine) */
  readonly host?: string;
  /** Used in the context and log lines. @default 'local-function' */
  readonly functionName?: string;
}

export interface LocalLambdaServer {
  readonly port: number;
  /** e.g. `http://127.0.0.1:3000` */
  readonly url: string;
  close(): Promise<void>;
}

/** API Gateway's own payload limit; the handler applies its stricter one. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function writeResult(response: ServerResponse, result: APIGatewayProxyResultV2): void {
  // Payload 2.0 lets a handler return a bare value: API Gateway then answers 200 with it as JSON.
  if (typeof result !== 'object' || result === null || !('statusCode' in result)) {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
    return;
  }
  const headers: Record<string, string | number | boolean | string[]> = { ...(result.headers ?? {}) };
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  const body = result.body === undefined ? '' : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  response.writeHead(result.statusCode ?? 200, headers as Record<string, string>).end(body);
}

/**
 * Serves a payload-2.0 Lambda handler over local HTTP, as API Gateway HTTP API would call it: one event per request,
 * the handler's result turned back into the HTTP response, and a plain 500 if the handler throws.
 *
 * @example
 * const server = await serveLambda(handler, { port: 3000 });
 * // curl http://127.0.0.1:3000/time
 * await server.close();
 */
export async function serveLambda(
  handler: PayloadV2Handler,
  options: ServeLambdaOptions = {},
): Promise<LocalLambdaServer> {
  const functionName = options.functionName ?? 'local-function';
  const server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      if (body === undefined) {
        response.writeHead(413, { 'content-type': 'application/json' }).end('{"message":"Request Entity Too Large"}');
        return;
      }
      const event = toPayloadV2Event({
        method: request.method ?? 'GET',
        url: request.url ?? '/',
        headers: request.headers,
        body,
        sourceIp: request.socket.remoteAddress,
      });
      try {
        writeResult(response, await handler(event, localContext(functionName, event.requestContext.requestId)));
      } catch {
        response.writeHead(500, { 'content-type': 'application/json' }).end('{"message":"Internal Server Error"}');
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
