import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { dbMetrics, InvocationLogger, LATENCY_FLUSH_INTERVAL_MS, MAX_LATENCY_SAMPLES } from './telemetry';

function recordedMetrics() {
  const metrics = new Metrics({ namespace: 'Test', serviceName: 'test' });
  const added = jest.spyOn(metrics, 'addMetric');
  const published = jest
    .spyOn(metrics, 'publishStoredMetrics')
    .mockImplementation(() => metrics.clearMetrics() as never);
  const values = (name: string) => added.mock.calls.filter(([metric]) => metric === name).map(([, , value]) => value);
  return { metrics, published, values };
}

describe('dbMetrics', () => {
  it('holds latency samples back until the flush interval has passed, then writes them with the query count', () => {
    let now = 0;
    const { metrics, published, values } = recordedMetrics();
    const recorder = dbMetrics(metrics, () => now);

    recorder.observer.queryCompleted?.(1.5);
    recorder.endOfInvocation(false);
    expect(published).not.toHaveBeenCalled();

    now = LATENCY_FLUSH_INTERVAL_MS;
    recorder.observer.queryCompleted?.(2);
    recorder.endOfInvocation(false);

    expect(published).toHaveBeenCalledTimes(1);
    expect(values('DbLatency')).toEqual([1.5, 2]);
    expect(values('DbQueries')).toEqual([2]);
  });

  it('keeps at most 100 latency samples but counts every query', () => {
    const { metrics, values } = recordedMetrics();
    const recorder = dbMetrics(metrics, () => 0);

    for (let i = 0; i < 1000; i++) recorder.observer.queryCompleted?.(i);
    recorder.endOfInvocation(true);

    expect(values('DbLatency')).toHaveLength(MAX_LATENCY_SAMPLES);
    expect(values('DbQueries')).toEqual([1000]);
  });

  it('flushes at once after a notable event or a failed request', () => {
    const { metrics, published } = recordedMetrics();
    const recorder = dbMetrics(metrics, () => 0);

    recorder.observer.connectionOpened?.('first');
    recorder.endOfInvocation(false);
    recorder.observer.queryCompleted?.(1);
    recorder.endOfInvocation(true);

    expect(published).toHaveBeenCalledTimes(2);
  });

  it('does not flush an empty store (Powertools would warn on every call)', () => {
    const { metrics, published } = recordedMetrics();

    dbMetrics(metrics).endOfInvocation(true);

    expect(published).not.toHaveBeenCalled();
  });
});

describe('InvocationLogger', () => {
  const savedInitializationType = process.env['AWS_LAMBDA_INITIALIZATION_TYPE'];
  beforeAll(() => {
    // What Lambda sets for an on-demand container: the one where Powertools reports cold_start true once.
    process.env['AWS_LAMBDA_INITIALIZATION_TYPE'] = 'on-demand';
  });
  afterAll(() => {
    if (savedInitializationType === undefined) delete process.env['AWS_LAMBDA_INITIALIZATION_TYPE'];
    else process.env['AWS_LAMBDA_INITIALIZATION_TYPE'] = savedInitializationType;
  });

  const context = (awsRequestId: string): Context =>
    ({
      awsRequestId,
      functionName: 'api-lambda',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:api-lambda',
      memoryLimitInMB: '256',
      getRemainingTimeInMillis: () => 20_000,
    }) as unknown as Context;

  /** The JSON lines the logger wrote (stdout and stderr), without the timestamp, which differs between runs. */
  function linesOf(run: () => void): Record<string, unknown>[] {
    const written: string[] = [];
    const capture = (chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    };
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
    try {
      run();
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
    return written
      .join('')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => {
        const fields = JSON.parse(line);
        delete fields.timestamp;
        return fields;
      });
  }

  // One error for both loggers: its stack names the line it was made on.
  const boom = new Error('boom');
  // Invocations r1 (cold, two lines), r2 (writes nothing), r3 (one line), r4 (a warning and an error).
  function invocations(logger: Logger, start: (logger: Logger, context: Context) => void) {
    start(logger, context('r1'));
    logger.info('first', { n: 1 });
    logger.info('second');
    start(logger, context('r2'));
    start(logger, context('r3'));
    logger.error('third');
    start(logger, context('r4'));
    logger.warn('fourth');
    logger.error('fifth', boom);
    start(logger, context('r5'));
    logger.createChild({ serviceName: 'child' }).info('sixth');
  }

  it('writes the same lines as Powertools addContext at the start of every invocation', () => {
    const eager = linesOf(() =>
      invocations(new Logger({ serviceName: 'api-lambda' }), (logger, ctx) => logger.addContext(ctx)),
    );
    const lazy = linesOf(() =>
      invocations(new InvocationLogger({ serviceName: 'api-lambda' }), (logger, ctx) =>
        (logger as InvocationLogger).startInvocation(ctx),
      ),
    );

    expect(lazy).toEqual(eager);
    expect(lazy).toHaveLength(6);
  });

  it('gives every line the current request id, and cold_start only to the first invocation', () => {
    const lines = linesOf(() =>
      invocations(new InvocationLogger({ serviceName: 'api-lambda' }), (logger, ctx) =>
        (logger as InvocationLogger).startInvocation(ctx),
      ),
    );

    expect(lines.map((line) => [line['message'], line['function_request_id'], line['cold_start']])).toEqual([
      ['first', 'r1', true],
      ['second', 'r1', true],
      ['third', 'r3', false],
      ['fourth', 'r4', false],
      ['fifth', 'r4', false],
      // A child is a new Logger, whose first context Powertools calls a cold start (with addContext too, as above).
      ['sixth', 'r5', true],
    ]);
    expect(lines[0]).toMatchObject({
      function_name: 'api-lambda',
      function_arn: 'arn:aws:lambda:eu-west-1:123456789012:function:api-lambda',
      function_memory_size: '256',
    });
  });

  it('says cold_start false from the second invocation on even when the first wrote nothing', () => {
    const logger = new InvocationLogger({ serviceName: 'api-lambda' });
    const lines = linesOf(() => {
      logger.startInvocation(context('quiet-cold'));
      logger.startInvocation(context('warm'));
      logger.info('warm line');
    });

    expect(lines.map((line) => [line['function_request_id'], line['cold_start']])).toEqual([['warm', false]]);
  });
});
