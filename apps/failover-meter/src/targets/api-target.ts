import type { HeartbeatRow } from '../report/attempt';
import { HeartbeatRequestError, type HeartbeatTarget } from './heartbeat-target';
import type { JsonHttpClient, JsonResponse } from './http-client';

export interface ApiTargetOptions {
  /** The stage URL, e.g. https://abc123.execute-api.eu-west-1.amazonaws.com (a stage path is kept). */
  readonly baseUrl: URL;
  readonly client: JsonHttpClient;
}

/** GET /heartbeats answers at most this many rows per request, newest seq first. */
export const READ_BACK_PAGE_SIZE = 1000;

interface ApiHeartbeat {
  readonly seq: number;
  readonly dbHost?: string;
  readonly createdAt?: string;
}

/** Heartbeats through API Gateway -> Lambda -> proxy -> DB: the path users depend on. */
export function createApiTarget({ baseUrl, client }: ApiTargetOptions): HeartbeatTarget {
  const stagePath = baseUrl.pathname.replace(/\/+$/, '');
  const heartbeatsUrl = new URL(`${stagePath}/heartbeats`, baseUrl);
  return {
    description: `api ${baseUrl.origin}${stagePath}`,
    async write(runId, seq, signal) {
      const response = await client.request('POST', heartbeatsUrl, { runId, seq }, signal);
      expectSuccess(response);
      return { host: (response.body as Partial<ApiHeartbeat> | undefined)?.dbHost };
    },
    async readBack(runId, signal) {
      const rows: HeartbeatRow[] = [];
      let beforeSeq: number | undefined;
      for (;;) {
        const page = await readPage(client, heartbeatsUrl, runId, beforeSeq, signal);
        rows.push(...page.map(({ seq, dbHost, createdAt }) => ({ seq, host: dbHost, createdAt })));
        if (page.length < READ_BACK_PAGE_SIZE) return rows;
        const oldest = Math.min(...page.map((heartbeat) => heartbeat.seq));
        if (beforeSeq !== undefined && oldest >= beforeSeq) {
          throw new HeartbeatRequestError(
            `GET /heartbeats ignored beforeSeq, so only the newest ${READ_BACK_PAGE_SIZE} heartbeats could be read back`,
          );
        }
        beforeSeq = oldest;
      }
    },
    close: async () => undefined,
  };
}

async function readPage(
  client: JsonHttpClient,
  heartbeatsUrl: URL,
  runId: string,
  beforeSeq: number | undefined,
  signal: AbortSignal,
): Promise<ApiHeartbeat[]> {
  const url = new URL(heartbeatsUrl);
  url.searchParams.set('runId', runId);
  url.searchParams.set('limit', String(READ_BACK_PAGE_SIZE));
  if (beforeSeq !== undefined) url.searchParams.set('beforeSeq', String(beforeSeq));
  const response = await client.request('GET', url, undefined, signal);
  expectSuccess(response);
  const heartbeats = (response.body as { heartbeats?: unknown } | undefined)?.heartbeats;
  if (!Array.isArray(heartbeats) || !heartbeats.every((item) => Number.isSafeInteger(item?.seq))) {
    throw new HeartbeatRequestError('GET /heartbeats answered without a list of heartbeats with seqs');
  }
  return heartbeats as ApiHeartbeat[];
}

/** Non-2xx answers fail the attempt with the status and the API's error code (`HTTP 503 SERVICE_UNAVAILABLE`). */
function expectSuccess(response: JsonResponse): void {
  if (response.status >= 200 && response.status < 300) return;
  const code = (response.body as { error?: { code?: unknown } } | undefined)?.error?.code;
  const reason = typeof code === 'string' && /^[A-Z_]{1,40}$/.test(code) ? ` ${code}` : '';
  throw new HeartbeatRequestError(`HTTP ${response.status}${reason}`);
}
