import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { serveLambda, type LocalLambdaServer } from './index';

describe('serveLambda', () => {
  let server: LocalLambdaServer;
  let events: APIGatewayProxyEventV2[];

  beforeEach(async () => {
    events = [];
    server = await serveLambda(async (event) => {
      events.push(event);
      if (event.rawPath === '/throw') throw new Error('boom');
      return { statusCode: 201, headers: { 'x-answer': '42' }, body: JSON.stringify({ path: event.rawPath }) };
    });
  });

  afterEach(async () => {
    await server.close();
  });

  it('turns a request into a payload-2.0 event and the result back into the response', async () => {
    const response = await fetch(`${server.url}/heartbeats?runId=a%20b&limit=5`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'a=1; b=2' },
      body: '{"seq":1}',
    });

    expect(response.status).toBe(201);
    expect(response.headers.get('x-answer')).toBe('42');
    expect(await response.json()).toEqual({ path: '/heartbeats' });
    expect(events[0]).toMatchObject({
      version: '2.0',
      rawPath: '/heartbeats',
      rawQueryString: 'runId=a%20b&limit=5',
      queryStringParameters: { runId: 'a b', limit: '5' },
      cookies: ['a=1', 'b=2'],
      body: '{"seq":1}',
      isBase64Encoded: false,
      requestContext: { http: { method: 'POST', path: '/heartbeats' } },
    });
  });

  it('base64-encodes a binary body, as API Gateway does', async () => {
    await fetch(`${server.url}/upload`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array([0, 255]),
    });

    expect(events[0]).toMatchObject({ body: 'AP8=', isBase64Encoded: true });
  });

  it('answers a plain 500 when the handler throws', async () => {
    const response = await fetch(`${server.url}/throw`);

    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Internal Server Error' });
  });
});
