/**
 * The metrics the AWS services of this architecture publish, per CloudWatch namespace, from each service's metric
 * reference. An alarm on a name its namespace never publishes has no data and never fires. A namespace of AWS that is
 * not listed here is "not reviewed" until its metrics are added, with their page (a reviewed change, as for the
 * resource catalog). Custom namespaces (the app's own metrics) are the app's to name: not checked.
 *
 * `max`: the largest value a metric can take where AWS documents a hard bound, so a threshold above it can never be
 * crossed (percentages; Lambda Duration is capped by the 900 s maximum timeout; an HTTP API integration by 30 s).
 */
export interface NamespaceMetrics {
  readonly source: string;
  readonly metrics: Readonly<Record<string, { readonly max?: number } | true>>;
}

const percent = { max: 100 };

export const CLOUDWATCH_METRICS: Readonly<Record<string, NamespaceMetrics>> = {
  'AWS/Lambda': {
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html',
    metrics: {
      Invocations: true,
      Errors: true,
      DeadLetterErrors: true,
      DestinationDeliveryFailures: true,
      Throttles: true,
      OversizedRecordCount: true,
      ProvisionedConcurrencyInvocations: true,
      ProvisionedConcurrencySpilloverInvocations: true,
      RecursiveInvocationsDropped: true,
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
      AsyncEventsReceived: true,
      AsyncEventAge: true,
      AsyncEventsDropped: true,
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
      ConnectionAttempts: true,
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
      ClientConnectionsClosed: true,
      ClientConnectionsNoTLS: true,
      ClientConnectionsReceived: true,
      ClientConnectionsSetupFailedAuth: true,
      ClientConnectionsSetupSucceeded: true,
      ClientConnectionsTLS: true,
      DatabaseConnectionRequests: true,
      DatabaseConnectionRequestsWithTLS: true,
      DatabaseConnectionsBorrowLatency: true,
      DatabaseConnectionsCurrentlyBorrowed: true,
      DatabaseConnectionsCurrentlyInTransaction: true,
      DatabaseConnectionsCurrentlySessionPinned: true,
      DatabaseConnectionsSetupFailed: true,
      DatabaseConnectionsSetupSucceeded: true,
      DatabaseConnectionsWithTLS: true,
      MaxDatabaseConnectionsAllowed: true,
      QueryDatabaseResponseLatency: true,
      QueryRequests: true,
      QueryRequestsNoTLS: true,
      QueryRequestsTLS: true,
      QueryResponseLatency: true,
    },
  },
  'AWS/ApiGateway': {
    // HTTP APIs (http-api-metrics.html) and REST APIs (api-gateway-metrics-and-dimensions.html). An HTTP API's
    // integration times out after at most 30 s (http-api-quotas.html).
    source:
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html',
    metrics: {
      '4xx': true,
      '5xx': true,
      '4XXError': true,
      '5XXError': true,
      CacheHitCount: true,
      CacheMissCount: true,
      Count: true,
      DataProcessed: true,
      IntegrationLatency: true,
      Latency: true,
    },
  },
  'AWS/SNS': {
    source: 'https://docs.aws.amazon.com/sns/latest/dg/sns-monitoring-using-cloudwatch.html',
    metrics: {
      NumberOfMessagesPublished: true,
      NumberOfNotificationsDelivered: true,
      NumberOfNotificationsFailed: true,
      NumberOfNotificationsFilteredOut: true,
      'NumberOfNotificationsFilteredOut-InvalidAttributes': true,
      'NumberOfNotificationsFilteredOut-InvalidMessageBody': true,
      'NumberOfNotificationsFilteredOut-NoMessageAttributes': true,
      NumberOfNotificationsRedrivenToDlq: true,
      NumberOfNotificationsFailedToRedriveToDlq: true,
      PublishSize: true,
      SMSMonthToDateSpentUSD: true,
      SMSSuccessRate: { max: 1 },
    },
  },
  'AWS/Events': {
    source: 'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html',
    metrics: {
      DeadLetterInvocations: true,
      Events: true,
      FailedInvocations: true,
      IngestionToInvocationCompleteLatency: true,
      IngestionToInvocationStartLatency: true,
      InvocationAttempts: true,
      Invocations: true,
      InvocationsCreated: true,
      InvocationsFailedToBeSentToDlq: true,
      InvocationsSentToDlq: true,
      MatchedEvents: true,
      RetryInvocationAttempts: true,
      SuccessfulInvocationAttempts: true,
      ThrottledRules: true,
      TriggeredRules: true,
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
      NumberOfDeduplicatedSentMessages: true,
      NumberOfEmptyReceives: true,
      NumberOfMessagesDeleted: true,
      NumberOfMessagesReceived: true,
      NumberOfMessagesSent: true,
      SentMessageSize: true,
    },
  },
};

/** What CloudWatch knows of a metric: undefined when the namespace is not AWS's; `unknown` when AWS's but unlisted. */
export function publishedMetric(
  namespace: string,
  name: string,
): { readonly max?: number } | 'unknown namespace' | 'not published' | undefined {
  if (!namespace.startsWith('AWS/')) return undefined;
  const catalog = CLOUDWATCH_METRICS[namespace];
  if (!catalog) return 'unknown namespace';
  const metric = catalog.metrics[name];
  if (!metric) return 'not published';
  return metric === true ? {} : metric;
}
