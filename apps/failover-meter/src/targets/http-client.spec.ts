import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createJsonHttpClient, regionForApi } from './http-client';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** Recomputes the signature from what actually arrived, as API Gateway does, so a header fetch altered shows up. */
async function expectedAuthorization(received: ReceivedRequest, region: string): Promise<string> {
  const url = new URL(received.url, `http://${received.headers.host}`);
  const signedHeaderNames = /SignedHeaders=([^,]+)/.exec(String(received.headers.authorization))?.[1].split(';') ?? [];
  const headers = Object.fromEntries(signedHeaderNames.map((name) => [name, String(received.headers[name])]));
  const amzDate = String(received.headers['x-amz-date']);
  const signingDate = new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
  const verifier = new SignatureV4({ service: 'execute-api', region, credentials, sha256: Sha256 });
  const signed = await verifier.sign(
    {
      method: received.method,
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body: received.body === '' ? undefined : received.body,
    },
    { signingDate },
  );
  return String(signed.headers.authorization);
}

describe('createJsonHttpClient', () => {
  let server: Server;
  let baseUrl: URL;
  const received: ReceivedRequest[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
        response.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => (received.length = 0));

  it('signs requests for execute-api so that the signature verifies against what arrived', async () => {
    const client = createJsonHttpClient({ region: 'eu-west-1', credentials: async () => credentials });

    const response = await client.request(
      'POST',
      new URL('/dev/heartbeats?x=1', baseUrl),
      { runId: 'r', seq: 1 },
      AbortSignal.timeout(5000),
    );

    expect(response).toEqual({ status: 201, body: { ok: true } });
    const [request] = received;
    expect(request.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=[^ ]*host/,
    );
    expect(request.headers.authorization).toBe(await expectedAuthorization(request, 'eu-west-1'));
  });

  it('sends no signature when signing is off', async () => {
    const client = createJsonHttpClient(undefined);

    await client.request('GET', new URL('/heartbeats', baseUrl), undefined, AbortSignal.timeout(5000));

    expect(received[0].headers.authorization).toBeUndefined();
  });
});

describe('regionForApi', () => {
  it('reads the region from an execute-api host name', () => {
    expect(regionForApi(new URL('https://a1b2c3.execute-api.ap-northeast-2.amazonaws.com/dev'), {})).toBe(
      'ap-northeast-2',
    );
  });

  it('falls back to AWS_REGION for a custom domain', () => {
    expect(regionForApi(new URL('https://api.example.com'), { AWS_REGION: 'eu-central-1' })).toBe('eu-central-1');
  });

  it('says how to fix a custom domain without a region', () => {
    expect(() => regionForApi(new URL('https://api.example.com'), {})).toThrow(
      'cannot tell the AWS region of api.example.com for SigV4 signing: set AWS_REGION',
    );
  });
});
