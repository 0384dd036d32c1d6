import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import {
  createDbClient,
  DbAuthError,
  dbClientConfigFromEnv,
  DbConfigError,
  DbError,
  DbUnavailableError,
  type DbClient,
  RDS_PROXY_ROOTS,
} from '@rds-platform/db-client';
import { errorResponse, HttpError } from './http';
import { routeFor } from './routes';
import { createTelemetry, dbMetrics, type Telemetry } from './telemetry';

export type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

type Env = Readonly<Record<string, string | undefined>>;

/** Seconds a client should wait after a 503: about what a proxy reconnect or a Multi-AZ failover takes to settle. */
export const RETRY_AFTER_SECONDS = 5;

function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  // Refused credentials pass too (a rotation in flight, a fixed secret picked up after the refresh backoff).
  if (error instanceof DbUnavailableError || error instanceof DbAuthError) {
    const retryAfterMs = error instanceof DbAuthError ? error.retryAfterMs : undefined;
    const seconds = retryAfterMs === undefined ? RETRY_AFTER_SECONDS : Math.max(1, Math.ceil(retryAfterMs / 1000));
    return new HttpError(503, 'SERVICE_UNAVAILABLE', 'The database is unavailable; retry later', {
      'retry-after': String(seconds),
    });
  }
  return new HttpError(500, 'INTERNAL_ERROR', 'Internal error');
}

/** Safe fields for the log: our errors carry no secrets; for others only the name and code. */
function describe(error: unknown): Record<string, unknown> {
  if (error instanceof DbError) return { errorName: error.name, errorCode: error.code, errorMessage: error.message };
  return { errorName: (error as Error)?.name, errorCode: (error as { code?: string })?.code };
}

/**
 * Builds the API handler. The environment is parsed and validated here, once per container (cold start); the
 * database connection is only opened by the first request that needs it, then reused.
 */
export function createHandler(env: Env, telemetry: Telemetry = createTelemetry(env)): Handler {
  const { logger, metrics } = telemetry;
  const recorder = dbMetrics(metrics);
  let db: DbClient | undefined;
  let configError: DbConfigError | undefined;
  try {
    // The function connects to the RDS Proxy endpoint only, whose certificate chains to the Amazon Trust Services
    // roots: the bundle carries those and no RDS instance CA (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.howitworks.html#rds-proxy-security.tls).
    db = createDbClient({
      ...dbClientConfigFromEnv(env, { roots: RDS_PROXY_ROOTS }),
      logger,
      observer: recorder.observer,
    });
  } catch (error) {
    if (!(error instanceof DbConfigError)) throw error;
    // Logged at cold start and answered on every request, so a bad deploy is visible in both places.
    configError = error;
    logger.error('Invalid configuration', { errorMessage: error.message });
  }

  return async (event, context) => {
    // The context is attached to the first log line the invocation writes, if any (see InvocationLogger).
    logger.startInvocation(context);
    metrics.captureColdStartMetric();
    let failed = false;
    try {
      const route = routeFor(event);
      if (!db) throw new HttpError(500, 'CONFIGURATION_ERROR', configError?.message ?? 'Invalid configuration');
      return await route(event, db);
    } catch (error) {
      const httpError = toHttpError(error);
      failed = httpError.statusCode >= 500;
      if (httpError.statusCode >= 500) {
        logger.error('Request failed', { path: event.rawPath, statusCode: httpError.statusCode, ...describe(error) });
      }
      return errorResponse(httpError);
    } finally {
      recorder.endOfInvocation(failed);
    }
  };
}
