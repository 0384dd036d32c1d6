import { Metrics } from '@aws-lambda-powertools/metrics';
import { dbMetrics, LATENCY_FLUSH_INTERVAL_MS } from './telemetry';

function recordedMetrics() {
  const metrics = new Metrics({ namespace: 'Test', serviceName: 'test' });
  const published = jest.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics.clearMetrics() as never);
  return { metrics, published };
}

describe('dbMetrics', () => {
  it('batches latency samples until the flush interval has passed', () => {
    let now = 0;
    const { metrics, published } = recordedMetrics();
    const recorder = dbMetrics(metrics, () => now);

    recorder.observer.queryCompleted?.(1.5);
    recorder.endOfInvocation(false);
    now = LATENCY_FLUSH_INTERVAL_MS;
    recorder.observer.queryCompleted?.(2);
    recorder.endOfInvocation(false);

    expect(published).toHaveBeenCalledTimes(1);
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
