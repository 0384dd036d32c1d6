import { Logger } from '@aws-lambda-powertools/logger';
import type { ConstructorOptions, LogItemExtraInput, LogItemMessage } from '@aws-lambda-powertools/logger/types';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import type { DbClientObserver } from '@rds-platform/db-client';

/**
 * A Powertools Logger that attaches the Lambda context (request id, function name and ARN, memory, version,
 * cold_start) when an invocation writes its first line, instead of at the start of every invocation.
 *
 * Why: `addContext` costs about 1.5 µs per warm invocation, mostly Powertools reading `process.env` (it looks for
 * AWS_LAMBDA_MAX_CONCURRENCY each time it stores a value), and most invocations write no line at all. Every line
 * carries the same fields as with `addContext` at the start: the current invocation's, with cold_start true only for
 * the first invocation of the container (telemetry.spec.ts).
 */
export class InvocationLogger extends Logger {
  // Plain properties, not #private: Logger's constructor may already log, before a subclass's #fields exist.
  private pendingContext?: Context;
  private pendingColdStart = false;
  // Lambda Managed Instances run several invocations at once in one process, each with its own Powertools store
  // (that is what the variable tells it): one pending context could then be another invocation's, so set it at once.
  private readonly concurrentInvocations = (process.env['AWS_LAMBDA_MAX_CONCURRENCY'] ?? '').trim() !== '';

  constructor(options: ConstructorOptions = {}) {
    super(options);
  }

  /** Call at the start of every invocation, in place of `addContext`. */
  startInvocation(context: Context): void {
    if (this.concurrentInvocations) {
      this.addContext(context);
      return;
    }
    // Decided now, as `addContext` would: the container's first invocation is the cold one, whether it logs or not.
    this.pendingContext = context;
    this.pendingColdStart = this.getColdStart();
  }

  protected override processLogItem(logLevel: number, input: LogItemMessage, extraInput: LogItemExtraInput): void {
    this.attachPendingContext();
    super.processLogItem(logLevel, input, extraInput);
  }

  /** A child logger copies the parent's Lambda context when it is created: it must be the current one. */
  override createChild(options?: ConstructorOptions): Logger {
    this.attachPendingContext();
    return super.createChild(options);
  }

  private attachPendingContext(): void {
    const pending = this.pendingContext;
    if (!pending) return;
    this.pendingContext = undefined;
    // `addContext` asks getColdStart(), which says true once per container and was asked in startInvocation.
    if (this.pendingColdStart) this.coldStart = true;
    this.addContext(pending);
  }
}

export interface Telemetry {
  readonly logger: InvocationLogger;
  readonly metrics: Metrics;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Powertools Logger (JSON, cold start, request id) and Metrics (EMF); both also honour their POWERTOOLS_* vars. */
export function createTelemetry(env: Env): Telemetry {
  const serviceName = env['POWERTOOLS_SERVICE_NAME'] ?? 'api-lambda';
  const logger = new InvocationLogger({ serviceName });
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
