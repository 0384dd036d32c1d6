/**
 * The stand-in's numbers under the names RDS Proxy publishes them in CloudWatch, so alarm definitions written against
 * those names can be checked against real values: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.monitoring.html
 * Gauges are current values; the others are counters since start. DatabaseConnectionsBorrowLatency is the mean in
 * microseconds since start (CloudWatch gives it as a statistic over a period; the stand-in has one period: its life).
 */
export interface ProxyMetrics {
  /** Gauge: client connections open now. */
  ClientConnections: number;
  ClientConnectionsReceived: number;
  ClientConnectionsSetupSucceeded: number;
  ClientConnectionsSetupFailedAuth: number;
  ClientConnectionsClosed: number;
  /** Gauge: client connections open now over TLS. */
  ClientConnectionsTls: number;
  /** Gauge: client connections open now without TLS. */
  ClientConnectionsNoTls: number;
  /** Gauge: DB connections open now. */
  DatabaseConnections: number;
  DatabaseConnectionRequests: number;
  DatabaseConnectionRequestsWithTLS: number;
  DatabaseConnectionsSetupSucceeded: number;
  DatabaseConnectionsSetupFailed: number;
  /** Gauge: DB connections lent to a client now. */
  DatabaseConnectionsCurrentlyBorrowed: number;
  /** Gauge: DB connections in a transaction now. */
  DatabaseConnectionsCurrentlyInTransaction: number;
  /** Gauge: DB connections pinned to a client session now. */
  DatabaseConnectionsCurrentlySessionPinned: number;
  /** Mean microseconds from asking for a DB connection to getting one, since start. */
  DatabaseConnectionsBorrowLatency: number;
  /** Gauge: the cap on DB connections (--max-db-connections). */
  MaxDatabaseConnectionsAllowed: number;
  QueryRequests: number;
}

export function emptyMetrics(maxDatabaseConnections: number): ProxyMetrics {
  return {
    ClientConnections: 0,
    ClientConnectionsReceived: 0,
    ClientConnectionsSetupSucceeded: 0,
    ClientConnectionsSetupFailedAuth: 0,
    ClientConnectionsClosed: 0,
    ClientConnectionsTls: 0,
    ClientConnectionsNoTls: 0,
    DatabaseConnections: 0,
    DatabaseConnectionRequests: 0,
    DatabaseConnectionRequestsWithTLS: 0,
    DatabaseConnectionsSetupSucceeded: 0,
    DatabaseConnectionsSetupFailed: 0,
    DatabaseConnectionsCurrentlyBorrowed: 0,
    DatabaseConnectionsCurrentlyInTransaction: 0,
    DatabaseConnectionsCurrentlySessionPinned: 0,
    DatabaseConnectionsBorrowLatency: 0,
    MaxDatabaseConnectionsAllowed: maxDatabaseConnections,
    QueryRequests: 0,
  };
}
