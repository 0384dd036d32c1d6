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

/** Turns db-client events into metrics; they are flushed as one EMF record at the end of each invocation. */
export function dbMetricsObserver(metrics: Metrics): DbClientObserver {
  return {
    secretFetched: () => metrics.addMetric('SecretFetches', MetricUnit.Count, 1),
    credentialsForcedRefresh: () => metrics.addMetric('CredentialRefreshesForced', MetricUnit.Count, 1),
    connectionOpened: () => metrics.addMetric('DbConnectionsOpened', MetricUnit.Count, 1),
    retried: () => metrics.addMetric('DbRetries', MetricUnit.Count, 1),
    queryCompleted: (durationMs) => metrics.addMetric('DbLatency', MetricUnit.Milliseconds, durationMs),
  };
}
