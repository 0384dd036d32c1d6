import { createHandler } from './handler';
import { invoke, quietTelemetry, useApiFixture } from './testing/spec-fixture';

jest.setTimeout(60_000);

const fixture = useApiFixture();

describe('GET / and GET /time', () => {
  it.each(['/', '/time'])('%s answers the database time as ISO-8601 UTC', async (path) => {
    const { handler } = fixture().handler();

    const response = await invoke(handler, { path });

    expect(response.statusCode).toBe(200);
    expect(response.json.now).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Math.abs(Date.parse(response.json.now as string) - Date.now())).toBeLessThan(60_000);
  });
});

describe('GET /health', () => {
  it('answers 200 without touching the database', async () => {
    const { handler } = fixture().handler({ DB_PORT: '1' });

    const response = await invoke(handler, { path: '/health' });

    expect(response).toMatchObject({ statusCode: 200, json: { status: 'ok' } });
  });
});

describe('GET /health?deep=1 (for synthetic canaries)', () => {
  it('runs one statement and answers 200 with the database up', async () => {
    const { handler } = fixture().handler();

    const response = await invoke(handler, { path: '/health?deep=1' });

    expect(response).toMatchObject({ statusCode: 200, json: { status: 'ok', db: 'ok' } });
  });

  it('answers 503 while the database is unreachable', async () => {
    const { handler } = fixture().handler({ DB_PORT: '1' });

    const response = await invoke(handler, { path: '/health?deep=1' });

    expect(response.statusCode).toBe(503);
  });
});

describe('heartbeats', () => {
  it('says a repeated query parameter was repeated (API Gateway joins repeats with commas)', async () => {
    const { handler } = fixture().handler();

    const response = await invoke(handler, { path: '/heartbeats?runId=a&runId=b' });

    expect(response.statusCode).toBe(400);
    expect(JSON.stringify(response.json)).toContain('runId is given more than once: give it once');
  });

  it('stores a heartbeat once per (runId, seq) and returns the stored row with the server hostname', async () => {
    const { handler } = fixture().handler();
    const [{ hostname }] = await fixture().server.rootQuery<{ hostname: string }>('SELECT @@hostname AS hostname');
    const body = JSON.stringify({ runId: 'round-trip', seq: 7 });

    const first = await invoke(handler, { method: 'POST', path: '/heartbeats', body });
    const again = await invoke(handler, { method: 'POST', path: '/heartbeats', body });

    expect(first).toMatchObject({ statusCode: 201, json: { runId: 'round-trip', seq: 7, dbHost: hostname } });
    expect(again).toEqual(first);
    const rows = await fixture().server.rootQuery("SELECT seq FROM app.heartbeats WHERE run_id = 'round-trip'");
    expect(rows).toHaveLength(1);
  });

  it('lists the newest heartbeats of a run, up to the limit', async () => {
    const { handler } = fixture().handler();
    for (let seq = 0; seq < 5; seq++) {
      await invoke(handler, { method: 'POST', path: '/heartbeats', body: JSON.stringify({ runId: 'listing', seq }) });
    }

    const response = await invoke(handler, { path: '/heartbeats?runId=listing&limit=3' });

    expect(response.statusCode).toBe(200);
    expect((response.json.heartbeats as { seq: number }[]).map((row) => row.seq)).toEqual([4, 3, 2]);
  });

  it('pages back through a run with beforeSeq, newest first, along the (run_id, seq) key', async () => {
    const { handler } = fixture().handler();
    for (let seq = 0; seq < 5; seq++) {
      await invoke(handler, { method: 'POST', path: '/heartbeats', body: JSON.stringify({ runId: 'paging', seq }) });
    }
    await invoke(handler, { method: 'POST', path: '/heartbeats', body: JSON.stringify({ runId: 'other', seq: 1 }) });
    const page = async (beforeSeq: number) => {
      const response = await invoke(handler, { path: `/heartbeats?runId=paging&limit=2&beforeSeq=${beforeSeq}` });
      expect(response.statusCode).toBe(200);
      return (response.json.heartbeats as { seq: number }[]).map((row) => row.seq);
    };

    const pages = [await page(5), await page(3), await page(1), await page(0)];
    const [plan] = await fixture().server.rootQuery<{ key: string }>(
      "EXPLAIN SELECT seq FROM app.heartbeats WHERE run_id = 'paging' AND seq < 3 ORDER BY seq DESC LIMIT 2",
    );

    expect(pages).toEqual([[4, 3], [2, 1], [0], []]);
    expect(plan.key).toBe('uq_heartbeats_run_id_seq');
  });
});

describe('errors', () => {
  it.each([
    ['POST', '/heartbeats', 400, 'INVALID_JSON', 'JSON', '{"runId":'],
    ['POST', '/heartbeats', 400, 'INVALID_FIELD', 'seq', '{"runId":"a","seq":-1}'],
    ['POST', '/heartbeats', 400, 'INVALID_FIELD', 'seq', '{"runId":"a","seq":1.5}'],
    ['POST', '/heartbeats', 400, 'INVALID_FIELD', 'runId', JSON.stringify({ runId: 'x'.repeat(65), seq: 1 })],
    ['POST', '/heartbeats', 400, 'INVALID_FIELD', 'body', '[]'],
    ['GET', '/heartbeats?limit=1001', 400, 'INVALID_FIELD', 'limit', undefined],
    ['GET', '/heartbeats?runId=a&beforeSeq=-1', 400, 'INVALID_FIELD', 'beforeSeq', undefined],
    ['GET', '/heartbeats?runId=a&beforeSeq=1.5', 400, 'INVALID_FIELD', 'beforeSeq', undefined],
    ['GET', '/heartbeats?runId=a&beforeSeq=', 400, 'INVALID_FIELD', 'beforeSeq', undefined],
    ['GET', '/heartbeats?beforeSeq=3', 400, 'INVALID_FIELD', 'beforeSeq', undefined],
    ['GET', '/nope', 404, 'NOT_FOUND', '/nope', undefined],
    ['DELETE', '/time', 405, 'METHOD_NOT_ALLOWED', 'GET', undefined],
    [
      'POST',
      '/heartbeats',
      413,
      'PAYLOAD_TOO_LARGE',
      '16384',
      JSON.stringify({ runId: 'a', seq: 1, pad: 'x'.repeat(16 * 1024) }),
    ],
  ])('%s %s answers %i %s naming %s', async (method, path, status, code, named, body) => {
    const { handler } = fixture().handler();

    const response = await invoke(handler, { method, path, body });

    expect(response.statusCode).toBe(status);
    expect(response.json).toEqual({ error: { code, message: expect.stringContaining(named) } });
  });

  it('tells a 405 caller which methods are allowed', async () => {
    const { handler } = fixture().handler();

    const response = await invoke(handler, { method: 'PUT', path: '/heartbeats' });

    expect(response.headers.allow).toBe('GET, POST');
  });

  it('answers 503 with Retry-After when the database cannot be reached', async () => {
    const { handler } = fixture().handler({ DB_PORT: '1' });

    const response = await invoke(handler, { path: '/time' });

    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toMatch(/^\d+$/);
    expect(response.json).toMatchObject({ error: { code: 'SERVICE_UNAVAILABLE' } });
  });

  it('answers 503 when Secrets Manager cannot be reached and no secret is cached yet', async () => {
    const { handler } = fixture().handler();
    fixture().secrets.setAvailable(false);
    try {
      const response = await invoke(handler, { path: '/time' });

      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toMatch(/^\d+$/);
    } finally {
      fixture().secrets.setAvailable(true);
    }
  });

  it('answers a plain 500 without a stack or a secret for a malformed secret', async () => {
    const secretArn = fixture().secrets.createSecret('malformed-api', '{"username":"serverless","password":"leak-me"');
    const { handler } = fixture().handler({ DB_SECRET_ARN: secretArn });

    const response = await invoke(handler, { path: '/time' });

    expect(response).toMatchObject({ statusCode: 500, json: { error: { code: 'INTERNAL_ERROR' } } });
    expect(JSON.stringify(response)).not.toMatch(/leak-me|at .*\.ts/);
  });

  it('answers 500 naming the variable when the environment is invalid, instead of crashing at cold start', async () => {
    const handler = createHandler({ DB_AUTH_MODE: 'secret' }, quietTelemetry());

    const response = await invoke(handler, { path: '/time' });

    expect(response).toMatchObject({
      statusCode: 500,
      json: { error: { code: 'CONFIGURATION_ERROR', message: expect.stringContaining('DB_SECRET_ARN') } },
    });
  });
});
