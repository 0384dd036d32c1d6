import { Sha256 } from '@aws-crypto/sha256-js';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentityProvider, HttpRequest } from '@smithy/types';

export interface JsonResponse {
  readonly status: number;
  readonly body: unknown;
}

export interface JsonHttpClient {
  request(method: 'GET' | 'POST', url: URL, body: unknown, signal: AbortSignal): Promise<JsonResponse>;
}

export interface SigningOptions {
  readonly region: string;
  /** @default the standard AWS chain (env, SSO, shared config, container and instance roles) */
  readonly credentials?: AwsCredentialIdentityProvider;
}

/**
 * JSON over fetch. With signing options every request carries a SigV4 signature for `execute-api`, which the
 * heartbeat routes' IAM authorization requires.
 */
export function createJsonHttpClient(signing: SigningOptions | undefined): JsonHttpClient {
  const signer =
    signing &&
    new SignatureV4({
      service: 'execute-api',
      region: signing.region,
      credentials: signing.credentials ?? fromNodeProviderChain(),
      sha256: Sha256,
    });
  return {
    async request(method, url, body, signal) {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const headers: Record<string, string> = { accept: 'application/json' };
      if (payload !== undefined) headers['content-type'] = 'application/json';
      const sentHeaders = signer ? await signedHeaders(signer, method, url, headers, payload) : headers;
      const response = await fetch(url, { method, headers: sentHeaders, body: payload, signal });
      const text = await response.text();
      return { status: response.status, body: parseJson(text) };
    },
  };
}

async function signedHeaders(
  signer: SignatureV4,
  method: string,
  url: URL,
  headers: Record<string, string>,
  payload: string | undefined,
): Promise<Record<string, string>> {
  const request: HttpRequest = {
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port === '' ? undefined : Number(url.port),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: { ...headers, host: url.host },
    body: payload,
  };
  const signed = await signer.sign(request);
  // fetch derives Host from the URL, identical to the signed value; undici rejects setting it by hand.
  return Object.fromEntries(Object.entries(signed.headers).filter(([name]) => name.toLowerCase() !== 'host'));
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The region of an `execute-api` URL, else AWS_REGION / AWS_DEFAULT_REGION (custom domains carry none). */
export function regionForApi(url: URL, env: NodeJS.ProcessEnv = process.env): string {
  const fromHost = /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/.exec(url.hostname)?.[1];
  const region = fromHost ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) {
    throw new MissingRegionError(`cannot tell the AWS region of ${url.host} for SigV4 signing: set AWS_REGION`);
  }
  return region;
}

export class MissingRegionError extends Error {
  override readonly name = 'MissingRegionError';
}
