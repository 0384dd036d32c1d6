import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { DbClientObserver } from '@rds-platform/db-client';

export interface Telemetry {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Powertools Logger (JSON, cold start, request id) and Metrics (EMF); both also honour their POWERTOOLS_* vars. */
export function createTelemetry(env: Env): Telemetry {
  const serviceName = env['POWERTOOLS_SERVICE_NAME'] ?? 'api-lambda';
  const logger = new Logger({ serviceName });
  const namespace = env['POWERTOOLS_METRICS_NAMESPACE'] ?? 'RdsPlatform';
  return { logger, metrics: new Metrics({ serviceName, namespace, logger }) };
}

/** Latency samples are held back at most this long before they are written. */
export const LATENCY_FLUSH_INTERVAL_MS = 60_000;
/** EMF carries up to 100 values per metric in one record. */
export const MAX_LATENCY_SAMPLES = 100;

export interface DbMetrics {
  readonly observer: DbClientObserver;
  /** Flushes at once after a notable event (secret fetch, new connection, retry, failed request), else batched. */
  endOfInvocation(failed: boolean): void;
}

/**
 * Turns db-client events into metrics. On a warm container one Powertools `addMetric` plus an EMF record per
 * invocation costs a sizeable share of the query itself, so DB latency is kept as a uniform sample (reservoir
 * sampling) of up to 100 queries per minute, with `DbQueries` giving the exact count. The rare events that explain an
 * incident (secret fetches, new connections, retries, failures) are flushed at the end of the invocation that saw them.
 */
export function dbMetrics(
  metrics: Metrics,
  clock: () => number = Date.now,
  random: () => number = Math.random,
): DbMetrics {
  let notable = false;
  let lastFlushAt = clock();
  let samples: number[] = [];
  let queries = 0;
  const count = (name: string) => {
    notable = true;
    metrics.addMetric(name, MetricUnit.Count, 1);
  };
  const sampleLatency = (durationMs: number) => {
    queries++;
    if (samples.length < MAX_LATENCY_SAMPLES) samples.push(durationMs);
    else {
      const slot = Math.floor(random() * queries);
      if (slot < MAX_LATENCY_SAMPLES) samples[slot] = durationMs;
    }
  };
  const flush = () => {
    for (const sample of samples) metrics.addMetric('DbLatency', MetricUnit.Milliseconds, sample);
    if (queries > 0) metrics.addMetric('DbQueries', MetricUnit.Count, queries);
    samples = [];
    queries = 0;
    notable = false;
    lastFlushAt = clock();
    // Powertools flushes by itself at 100 values; flushing an empty store would only log a warning.
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return {
    observer: {
      secretFetched: () => count('SecretFetches'),
      credentialsForcedRefresh: () => count('CredentialRefreshesForced'),
      credentialsRefreshSuppressed: () => count('CredentialRefreshesSuppressed'),
      connectionOpened: () => count('DbConnectionsOpened'),
      retried: () => count('DbRetries'),
      queryCompleted: sampleLatency,
    },
    endOfInvocation(failed) {
      if (notable || failed || clock() - lastFlushAt >= LATENCY_FLUSH_INTERVAL_MS) flush();
    },
  };
}
