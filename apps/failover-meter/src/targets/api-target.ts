import type { HeartbeatRow } from '../report/attempt';
import { HeartbeatRequestError, type HeartbeatTarget } from './heartbeat-target';
import type { JsonHttpClient, JsonResponse } from './http-client';

export interface ApiTargetOptions {
  /** The stage URL, e.g. https://abc123.execute-api.eu-west-1.amazonaws.com (a stage path is kept). */
  readonly baseUrl: URL;
  readonly client: JsonHttpClient;
}

/** Heartbeats through API Gateway -> Lambda -> proxy -> DB: the path users depend on. */
export function createApiTarget({ baseUrl, client }: ApiTargetOptions): HeartbeatTarget {
  const heartbeatsUrl = new URL(`${baseUrl.pathname.replace(/\/+$/, '')}/heartbeats`, baseUrl);
  return {
    description: `api ${baseUrl.origin}${baseUrl.pathname.replace(/\/+$/, '')}`,
    async write(runId, seq, signal) {
      const response = await client.request('POST', heartbeatsUrl, { runId, seq }, signal);
      expectSuccess(response);
      return { host: stringField(response.body, 'host') };
    },
    async readBack(runId, signal) {
      const url = new URL(heartbeatsUrl);
      url.searchParams.set('runId', runId);
      const response = await client.request('GET', url, undefined, signal);
      expectSuccess(response);
      return heartbeatRowsOf(response.body);
    },
    close: async () => undefined,
  };
}

function expectSuccess(response: JsonResponse): void {
  if (response.status >= 200 && response.status < 300) return;
  const reason = stringField(response.body, 'error') ?? stringField(response.body, 'message');
  throw new HeartbeatRequestError(`HTTP ${response.status}${reason ? ` ${reason.slice(0, 80)}` : ''}`);
}

function heartbeatRowsOf(body: unknown): HeartbeatRow[] {
  const items = (body as { heartbeats?: unknown } | undefined)?.heartbeats;
  if (!Array.isArray(items)) throw new HeartbeatRequestError('GET /heartbeats answered without a heartbeats list');
  return items.map((item) => ({
    seq: Number((item as { seq?: unknown }).seq),
    host: stringField(item, 'host'),
    createdAt: stringField(item, 'createdAt'),
  }));
}

function stringField(body: unknown, name: string): string | undefined {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}
