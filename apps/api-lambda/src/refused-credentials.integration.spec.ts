// The database refuses the secret's password (a wrong secret, or a rotation stopped between setSecret and
// finishSecret): requests answer 503 with Retry-After, and forced secret refreshes stay bounded however many fail.
import type { Handler } from './handler';
import { createHandler } from './handler';
import { invoke, quietTelemetry, useApiFixture, type InvocationResult } from './testing/spec-fixture';

jest.setTimeout(60_000);

const fixture = useApiFixture();

/** A container whose secret holds a password the database refuses; AWSPENDING does not exist. */
function refusedContainer(name: string) {
  const wrong = JSON.stringify({ username: 'serverless', password: `wrong-${name}`, dbname: 'app' });
  const secretArn = fixture().secrets.createSecret(name, wrong);
  const telemetry = quietTelemetry();
  const addMetric = jest.spyOn(telemetry.metrics, 'addMetric');
  const warn = jest.spyOn(telemetry.logger, 'warn');
  const info = jest.spyOn(telemetry.logger, 'info');
  const handler = createHandler(fixture().env({ DB_SECRET_ARN: secretArn }), telemetry);
  const metricCount = (metric: string) => addMetric.mock.calls.filter(([name]) => name === metric).length;
  fixture().secrets.resetCallCounts();
  return { handler, secretArn, warn, info, metricCount };
}

const time = (handler: Handler) => invoke(handler, { path: '/time' });

async function sequentially(handler: Handler, n: number): Promise<InvocationResult[]> {
  const responses: InvocationResult[] = [];
  for (let i = 0; i < n; i++) responses.push(await time(handler));
  return responses;
}

const unavailable = {
  statusCode: 503,
  headers: expect.objectContaining({ 'retry-after': expect.stringMatching(/^[1-9]\d*$/) }),
  json: { error: { code: 'SERVICE_UNAVAILABLE', message: 'The database is unavailable; retry later' } },
};

describe('refused database credentials', () => {
  it.each([10, 30])(
    'N=%i concurrent requests: all 503 with Retry-After, one refresh, 3 GetSecretValue calls',
    async (n) => {
      const { handler, metricCount } = refusedContainer(`concurrent-${n}`);

      const responses = await Promise.all(Array.from({ length: n }, () => time(handler)));

      expect(responses).toEqual(Array(n).fill(expect.objectContaining(unavailable)));
      // AWSCURRENT (cold), AWSCURRENT forced, AWSPENDING: the same for any N.
      expect(fixture().secrets.callCount('GetSecretValue')).toBe(3);
      expect(metricCount('CredentialRefreshesForced')).toBe(1);
    },
  );

  it.each([10, 30])(
    'N=%i sequential requests: the first refreshes, the rest fail at once without a fetch',
    async (n) => {
      const { handler, warn, metricCount } = refusedContainer(`sequential-${n}`);
      const startedAt = Date.now();

      const responses = await sequentially(handler, n);
      const elapsedMs = Date.now() - startedAt;

      // The bound below holds inside the first backoff (2 s); this run must fit in it to show that.
      expect(elapsedMs).toBeLessThan(2_000);
      expect(responses).toEqual(Array(n).fill(expect.objectContaining(unavailable)));
      expect(responses.map((response) => response.headers['retry-after'])).toEqual(Array(n).fill('2'));
      expect(fixture().secrets.callCount('GetSecretValue')).toBe(3);
      expect(metricCount('CredentialRefreshesForced')).toBe(1);
      expect(metricCount('CredentialRefreshesSuppressed')).toBe(n - 1);
      expect(warn).toHaveBeenCalledWith(
        'Forced credential refresh did not lead to a login; further refreshes back off',
        { errorCode: 'ER_ACCESS_DENIED_ERROR', consecutiveRefusals: 1, retryInMs: 2_000 },
      );
      expect(JSON.stringify(warn.mock.calls)).not.toContain(`wrong-sequential-${n}`);
    },
  );

  it('picks up a corrected secret once the backoff allows the next refresh', async () => {
    const { handler, secretArn, info } = refusedContainer('corrected');
    const first = await time(handler);
    fixture().secrets.putSecretValue(
      secretArn,
      JSON.stringify({ username: 'serverless', password: fixture().password(), dbname: 'app' }),
    );

    const duringBackoff = await time(handler);
    const callsDuringBackoff = fixture().secrets.callCount('GetSecretValue');
    await new Promise((resolve) => setTimeout(resolve, Number(first.headers['retry-after']) * 1000));
    const afterBackoff = await time(handler);

    expect(first).toMatchObject(unavailable);
    expect(duringBackoff).toMatchObject(unavailable);
    expect(callsDuringBackoff).toBe(3);
    expect(afterBackoff.statusCode).toBe(200);
    // One forced AWSCURRENT fetch: the refused cached value is not tried again.
    expect(fixture().secrets.callCount('GetSecretValue')).toBe(4);
    expect(info).toHaveBeenCalledWith('The database accepted the credentials again', { consecutiveRefusals: 1 });
  });

  it('keeps backing off, longer each time, while fresh credentials are still refused', async () => {
    const { handler } = refusedContainer('still-wrong');
    const first = await time(handler);
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    const second = await time(handler);

    expect(first.headers['retry-after']).toBe('2');
    expect(second).toMatchObject(unavailable);
    expect(second.headers['retry-after']).toBe('4');
    // 3 for the first refresh, 2 (AWSCURRENT forced, AWSPENDING) for the second.
    expect(fixture().secrets.callCount('GetSecretValue')).toBe(5);
  });
});
