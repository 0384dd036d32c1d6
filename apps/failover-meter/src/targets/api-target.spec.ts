import { createApiTarget, READ_BACK_PAGE_SIZE } from './api-target';
import type { JsonHttpClient, JsonResponse } from './http-client';

interface Call {
  readonly method: string;
  readonly url: URL;
  readonly body: unknown;
}

function fakeClient(answer: (call: Call) => JsonResponse): JsonHttpClient & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    async request(method, url, body) {
      const call = { method, url, body };
      calls.push(call);
      return answer(call);
    },
  };
}

const signal = AbortSignal.timeout(5000);
const page = (from: number, to: number) =>
  Array.from({ length: from - to + 1 }, (_unused, index) => ({ seq: from - index, dbHost: 'db-a' }));

describe('API target', () => {
  it('posts the heartbeat to the stage path and reports the dbHost of the stored row', async () => {
    const client = fakeClient(() => ({ status: 201, body: { runId: 'r', seq: 7, dbHost: 'db-a', createdAt: 'x' } }));
    const target = createApiTarget({
      baseUrl: new URL('https://abc.execute-api.eu-west-1.amazonaws.com/dev/'),
      client,
    });

    const acknowledgement = await target.write('r', 7, signal);

    expect(acknowledgement).toEqual({ host: 'db-a' });
    expect(client.calls[0]).toMatchObject({ method: 'POST', body: { runId: 'r', seq: 7 } });
    expect(client.calls[0].url.href).toBe('https://abc.execute-api.eu-west-1.amazonaws.com/dev/heartbeats');
  });

  it('fails a write with the status and the API error code', async () => {
    const client = fakeClient(() => ({
      status: 503,
      body: { error: { code: 'SERVICE_UNAVAILABLE', message: 'The database is unavailable; retry later' } },
    }));
    const target = createApiTarget({ baseUrl: new URL('http://127.0.0.1:3000'), client });

    await expect(target.write('r', 1, signal)).rejects.toThrow('HTTP 503 SERVICE_UNAVAILABLE');
  });

  it('reads back a long run page by page with beforeSeq', async () => {
    const total = READ_BACK_PAGE_SIZE + 5;
    const client = fakeClient(({ url }) => {
      const before = Number(url.searchParams.get('beforeSeq') ?? total + 1);
      const newest = before - 1;
      return { status: 200, body: { heartbeats: page(newest, Math.max(1, newest - READ_BACK_PAGE_SIZE + 1)) } };
    });
    const target = createApiTarget({ baseUrl: new URL('http://127.0.0.1:3000'), client });

    const rows = await target.readBack('r', signal);

    expect(rows).toHaveLength(total);
    expect(client.calls.map((call) => call.url.searchParams.get('beforeSeq'))).toEqual([null, '6']);
    expect(client.calls[0].url.searchParams.get('runId')).toBe('r');
  });

  it('refuses to guess when the API ignores beforeSeq on a long run', async () => {
    const client = fakeClient(() => ({ status: 200, body: { heartbeats: page(2000, 1001) } }));
    const target = createApiTarget({ baseUrl: new URL('http://127.0.0.1:3000'), client });

    await expect(target.readBack('r', signal)).rejects.toThrow(
      'GET /heartbeats ignored beforeSeq, so only the newest 1000 heartbeats could be read back',
    );
  });
});
