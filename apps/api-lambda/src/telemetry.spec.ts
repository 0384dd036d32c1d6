import { Metrics } from '@aws-lambda-powertools/metrics';
import { dbMetrics, LATENCY_FLUSH_INTERVAL_MS, MAX_LATENCY_SAMPLES } from './telemetry';

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
