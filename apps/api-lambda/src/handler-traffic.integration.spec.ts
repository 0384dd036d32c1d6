import type { Handler } from './handler';
import { invoke, useApiFixture, type InvocationResult } from './testing/spec-fixture';

jest.setTimeout(120_000);

const fixture = useApiFixture();

/** Alternates reads and idempotent writes, like real traffic, and returns every response. */
async function traffic(handler: Handler, runId: string, from: number, to: number): Promise<InvocationResult[]> {
  const responses: InvocationResult[] = [];
  for (let i = from; i < to; i++) {
    responses.push(
      i % 2 === 0
        ? await invoke(handler, { path: '/time' })
        : await invoke(handler, { method: 'POST', path: '/heartbeats', body: JSON.stringify({ runId, seq: i }) }),
    );
  }
  return responses;
}

function failed(responses: InvocationResult[]): InvocationResult[] {
  return responses.filter((response) => response.statusCode >= 300);
}

describe('a warm container', () => {
  it('serves 1,000 invocations on one connection and one secret fetch', async () => {
    const { handler } = fixture().handler();
    fixture().secrets.resetCallCounts();
    const connectionsBefore = await fixture().server.statusValue('Connections');

    const responses = await traffic(handler, 'thousand', 0, 1000);
    const connectionsAfter = await fixture().server.statusValue('Connections');

    expect(failed(responses)).toEqual([]);
    // One for the handler, one for the second statusValue call's own connection.
    expect(connectionsAfter - connectionsBefore).toBe(2);
    expect(fixture().secrets.callCount('GetSecretValue')).toBe(1);
  });

  it('keeps answering across a password rotation, with exactly one forced refresh', async () => {
    const { handler, metrics } = fixture().handler();
    const addMetric = jest.spyOn(metrics, 'addMetric');
    fixture().secrets.resetCallCounts();

    const before = await traffic(handler, 'rotation', 0, 100);
    await fixture().rotatePassword('rotated-password');
    // Our idle connection is closed (proxy idle timeout, scale-in...): the next one needs the new password.
    await fixture().dropAppSessions();
    const after = await traffic(handler, 'rotation', 100, 200);

    expect(failed([...before, ...after])).toEqual([]);
    expect(addMetric.mock.calls.filter(([name]) => name === 'CredentialRefreshesForced')).toHaveLength(1);
    expect(fixture().secrets.callCount('GetSecretValue')).toBe(2);
  });

  it('answers 503 with Retry-After while the database is down and recovers on the first call after', async () => {
    const { handler } = fixture().handler();
    expect(failed(await traffic(handler, 'outage', 0, 20))).toEqual([]);

    await fixture().server.kill();
    let whileDown: InvocationResult[];
    try {
      whileDown = await traffic(handler, 'outage', 20, 24);
    } finally {
      await fixture().server.start();
    }
    const firstAfter = await invoke(handler, { path: '/time' });

    expect(whileDown.map((response) => [response.statusCode, response.headers['retry-after']])).toEqual(
      Array(4).fill([503, expect.stringMatching(/^\d+$/)]),
    );
    expect(firstAfter.statusCode).toBe(200);
  });

  it('keeps serving with the cached secret when Secrets Manager becomes unreachable', async () => {
    const { handler } = fixture().handler({ SECRET_CACHE_TTL_SECONDS: '0' });
    expect((await invoke(handler, { path: '/time' })).statusCode).toBe(200);

    fixture().secrets.resetCallCounts();
    fixture().secrets.setAvailable(false);
    try {
      // A new connection is needed, and the secret's cache has expired: the refresh fails, the last value serves.
      await fixture().dropAppSessions();
      const responses = await traffic(handler, 'secrets-down', 0, 10);
      expect(failed(responses)).toEqual([]);
      expect(fixture().secrets.callCount('GetSecretValue')).toBeGreaterThan(0);
    } finally {
      fixture().secrets.setAvailable(true);
    }
  });
});
