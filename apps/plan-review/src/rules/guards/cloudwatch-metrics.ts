/**
 * The metrics the AWS services of this architecture publish, per CloudWatch namespace, from each service's metric
 * reference. An alarm on a name its namespace never publishes has no data and never fires. A namespace of AWS that is
 * not listed here is "not reviewed" until its metrics are added, with their page (a reviewed change, as for the
 * resource catalog). Custom namespaces (the app's own metrics) are the app's to name: not checked.
 *
 * `max`: the largest value a metric can take where AWS documents a hard bound, so a threshold above it can never be
 * crossed (percentages; Lambda Duration is capped by the 900 s maximum timeout; an HTTP API integration by 30 s).
 */
export interface MetricFacts {
  /** The largest value AWS documents for it (a Maximum, Average or percentile cannot exceed it). */
  readonly max?: number;
  /** A count of events per period (its Sum is what alarms watch): the typed config's count band applies. */
  readonly count?: true;
}

export interface NamespaceMetrics {
  readonly source: string;
  readonly metrics: Readonly<Record<string, MetricFacts | true>>;
}

const percent = { max: 100 };
const count = { count: true } as const;

export const CLOUDWATCH_METRICS: Readonly<Record<string, NamespaceMetrics>> = {
  'AWS/Lambda': {
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html',
    metrics: {
      Invocations: count,
      Errors: count,
      DeadLetterErrors: count,
      DestinationDeliveryFailures: count,
      Throttles: count,
      OversizedRecordCount: count,
      ProvisionedConcurrencyInvocations: count,
      ProvisionedConcurrencySpilloverInvocations: count,
      RecursiveInvocationsDropped: count,
      // Lambda's maximum timeout is 900 s (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
      Duration: { max: 900_000 },
      PostRuntimeExtensionsDuration: true,
      IteratorAge: true,
      OffsetLag: true,
      ConcurrentExecutions: true,
      UnreservedConcurrentExecutions: true,
      ProvisionedConcurrentExecutions: true,
      ProvisionedConcurrencyUtilization: { max: 1 },
      ClaimedAccountConcurrency: true,
      AsyncEventsReceived: count,
      AsyncEventAge: true,
      AsyncEventsDropped: count,
    },
  },
  'AWS/RDS': {
    // Instance metrics (rds-metrics.html) and RDS Proxy metrics (rds-proxy.monitoring.html).
    source:
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.monitoring.html',
    metrics: {
      BinLogDiskUsage: true,
      BurstBalance: percent,
      CheckpointLag: true,
      ConnectionAttempts: count,
      CPUUtilization: percent,
      CPUCreditUsage: true,
      CPUCreditBalance: true,
      CPUSurplusCreditBalance: true,
      CPUSurplusCreditsCharged: true,
      DatabaseConnections: true,
      DiskQueueDepth: true,
      'EBSByteBalance%': percent,
      'EBSIOBalance%': percent,
      FreeableMemory: true,
      FreeLocalStorage: true,
      FreeStorageSpace: true,
      MaximumUsedTransactionIDs: true,
      NetworkReceiveThroughput: true,
      NetworkThroughput: true,
      NetworkTransmitThroughput: true,
      OldestReplicationSlotLag: true,
      ReadIOPS: true,
      ReadLatency: true,
      ReadThroughput: true,
      ReplicaLag: true,
      ReplicationSlotDiskUsage: true,
      SwapUsage: true,
      TransactionLogsDiskUsage: true,
      TransactionLogsGeneration: true,
      WriteIOPS: true,
      WriteLatency: true,
      WriteThroughput: true,
      DBLoad: true,
      DBLoadCPU: true,
      DBLoadNonCPU: true,
      AvailabilityPercentage: percent,
      ClientConnections: true,
      ClientConnectionsClosed: count,
      ClientConnectionsNoTLS: count,
      ClientConnectionsReceived: count,
      ClientConnectionsSetupFailedAuth: count,
      ClientConnectionsSetupSucceeded: count,
      ClientConnectionsTLS: count,
      DatabaseConnectionRequests: count,
      DatabaseConnectionRequestsWithTLS: count,
      DatabaseConnectionsBorrowLatency: true,
      DatabaseConnectionsCurrentlyBorrowed: true,
      DatabaseConnectionsCurrentlyInTransaction: true,
      DatabaseConnectionsCurrentlySessionPinned: true,
      DatabaseConnectionsSetupFailed: count,
      DatabaseConnectionsSetupSucceeded: count,
      DatabaseConnectionsWithTLS: count,
      MaxDatabaseConnectionsAllowed: true,
      QueryDatabaseResponseLatency: true,
      QueryRequests: count,
      QueryRequestsNoTLS: count,
      QueryRequestsTLS: count,
      QueryResponseLatency: true,
    },
  },
  'AWS/ApiGateway': {
    // HTTP APIs (http-api-metrics.html) and REST APIs (api-gateway-metrics-and-dimensions.html). An HTTP API's
    // integration times out after at most 30 s (http-api-quotas.html).
    source:
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html',
    metrics: {
      '4xx': count,
      '5xx': count,
      '4XXError': count,
      '5XXError': count,
      CacheHitCount: count,
      CacheMissCount: count,
      Count: count,
      DataProcessed: true,
      IntegrationLatency: true,
      Latency: true,
    },
  },
  'AWS/SNS': {
    source: 'https://docs.aws.amazon.com/sns/latest/dg/sns-monitoring-using-cloudwatch.html',
    metrics: {
      NumberOfMessagesPublished: count,
      NumberOfNotificationsDelivered: count,
      NumberOfNotificationsFailed: count,
      NumberOfNotificationsFilteredOut: count,
      'NumberOfNotificationsFilteredOut-InvalidAttributes': count,
      'NumberOfNotificationsFilteredOut-InvalidMessageBody': count,
      'NumberOfNotificationsFilteredOut-NoMessageAttributes': count,
      NumberOfNotificationsRedrivenToDlq: count,
      NumberOfNotificationsFailedToRedriveToDlq: count,
      PublishSize: true,
      SMSMonthToDateSpentUSD: true,
      SMSSuccessRate: { max: 1 },
    },
  },
  'AWS/Events': {
    source: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html',
    metrics: {
      DeadLetterInvocations: count,
      Events: count,
      FailedInvocations: count,
      IngestionToInvocationCompleteLatency: true,
      IngestionToInvocationStartLatency: true,
      InvocationAttempts: count,
      Invocations: count,
      InvocationsCreated: count,
      InvocationsFailedToBeSentToDlq: count,
      InvocationsSentToDlq: count,
      MatchedEvents: count,
      RetryInvocationAttempts: count,
      SuccessfulInvocationAttempts: count,
      ThrottledRules: count,
      TriggeredRules: count,
    },
  },
  'AWS/SQS': {
    source:
      'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html',
    metrics: {
      ApproximateAgeOfOldestMessage: true,
      ApproximateNumberOfMessagesDelayed: true,
      ApproximateNumberOfMessagesNotVisible: true,
      ApproximateNumberOfMessagesVisible: true,
      NumberOfDeduplicatedSentMessages: count,
      NumberOfEmptyReceives: count,
      NumberOfMessagesDeleted: count,
      NumberOfMessagesReceived: count,
      NumberOfMessagesSent: count,
      SentMessageSize: true,
    },
  },
};

/** What CloudWatch knows of a metric: undefined when the namespace is not AWS's; `unknown` when AWS's but unlisted. */
/**
 * Within a namespace, the metrics one kind of resource publishes, told apart by its dimension: an HTTP API's
 * (`ApiId`) are not a REST API's (`ApiName`), an RDS Proxy's (`ProxyName`) are not a DB instance's
 * (`DBInstanceIdentifier`). Pages as in the catalog above.
 */
const METRICS_BY_DIMENSION: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  'AWS/ApiGateway': {
    ApiId: ['4xx', '5xx', 'Count', 'DataProcessed', 'IntegrationLatency', 'Latency'],
    ApiName: ['4XXError', '5XXError', 'CacheHitCount', 'CacheMissCount', 'Count', 'IntegrationLatency', 'Latency'],
  },
  'AWS/RDS': {
    ProxyName: [
      'AvailabilityPercentage',
      'ClientConnections',
      'ClientConnectionsClosed',
      'ClientConnectionsNoTLS',
      'ClientConnectionsReceived',
      'ClientConnectionsSetupFailedAuth',
      'ClientConnectionsSetupSucceeded',
      'ClientConnectionsTLS',
      'DatabaseConnectionRequests',
      'DatabaseConnectionRequestsWithTLS',
      'DatabaseConnections',
      'DatabaseConnectionsBorrowLatency',
      'DatabaseConnectionsCurrentlyBorrowed',
      'DatabaseConnectionsCurrentlyInTransaction',
      'DatabaseConnectionsCurrentlySessionPinned',
      'DatabaseConnectionsSetupFailed',
      'DatabaseConnectionsSetupSucceeded',
      'DatabaseConnectionsWithTLS',
      'MaxDatabaseConnectionsAllowed',
      'QueryDatabaseResponseLatency',
      'QueryRequests',
      'QueryRequestsNoTLS',
      'QueryRequestsTLS',
      'QueryResponseLatency',
    ],
  },
};
/** RDS Proxy metrics an instance never publishes (`DatabaseConnections` is both an instance's and a proxy's). */
const PROXY_ONLY = new Set(
  METRICS_BY_DIMENSION['AWS/RDS']['ProxyName'].filter((name) => name !== 'DatabaseConnections'),
);

export function publishedMetric(
  namespace: string,
  name: string,
  dimensions: readonly string[] = [],
): MetricFacts | 'unknown namespace' | 'not published' | undefined {
  if (!namespace.startsWith('AWS/')) return undefined;
  const catalog = CLOUDWATCH_METRICS[namespace];
  if (!catalog) return 'unknown namespace';
  const metric = catalog.metrics[name];
  if (!metric) return 'not published';
  for (const [dimension, names] of Object.entries(METRICS_BY_DIMENSION[namespace] ?? {})) {
    if (dimensions.includes(dimension) && !names.includes(name)) return 'not published';
  }
  if (namespace === 'AWS/RDS' && dimensions.includes('DBInstanceIdentifier') && PROXY_ONLY.has(name)) {
    return 'not published';
  }
  return metric === true ? {} : metric;
}
