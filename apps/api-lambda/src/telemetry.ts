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

/** Latency samples are held back at most this long (or until Powertools' 100 values per metric). */
export const LATENCY_FLUSH_INTERVAL_MS = 60_000;

export interface DbMetrics {
  readonly observer: DbClientObserver;
  /** Flushes at once after a notable event (secret fetch, new connection, retry, failed request), else batched. */
  endOfInvocation(failed: boolean): void;
}

/**
 * Turns db-client events into metrics. Serialising an EMF record on every invocation costs about as much CPU as the
 * query itself on a warm container, so DbLatency samples are batched (EMF carries up to 100 values per metric),
 * while the rare events that explain an incident are flushed at the end of the invocation that saw them.
 */
export function dbMetrics(metrics: Metrics, clock: () => number = Date.now): DbMetrics {
  let notable = false;
  let lastFlushAt = clock();
  const count = (name: string) => {
    notable = true;
    metrics.addMetric(name, MetricUnit.Count, 1);
  };
  return {
    observer: {
      secretFetched: () => count('SecretFetches'),
      credentialsForcedRefresh: () => count('CredentialRefreshesForced'),
      connectionOpened: () => count('DbConnectionsOpened'),
      retried: () => count('DbRetries'),
      queryCompleted: (durationMs) => metrics.addMetric('DbLatency', MetricUnit.Milliseconds, durationMs),
    },
    endOfInvocation(failed) {
      if (!metrics.hasStoredMetrics()) return;
      if (!notable && !failed && clock() - lastFlushAt < LATENCY_FLUSH_INTERVAL_MS) return;
      metrics.publishStoredMetrics();
      notable = false;
      lastFlushAt = clock();
    },
  };
}
