import { ConfigError } from '../config/config-error';
import type { AlarmThresholds } from '../config/environment-config';
import { instanceClassMemoryBytes, maxConnections } from '../config/max-connections';
import { markdownTable } from '@rds-platform/markdown-table';

// The instance classes' memory and the max_connections our parameter group sets are config (the connection budget
// in environment-rules.ts checks against them too); the alarms are a share of them.
export {
  GIB_PER_LARGE,
  instanceClassMemoryBytes,
  maxConnections,
  MYSQL_BYTES_PER_CONNECTION,
  SIZE_FACTOR,
  T_CLASS_MEMORY_GIB,
} from '../config/max-connections';

/** Dashboard rows, top to bottom: a request goes through them in this order. */
export const LAYERS = [
  { layer: 'api', title: 'API Gateway (HTTP API)' },
  { layer: 'lambda', title: 'API Lambda' },
  { layer: 'proxy', title: 'RDS Proxy' },
  { layer: 'database', title: 'RDS MySQL' },
  { layer: 'rotation', title: 'Credential rotation and bootstrap' },
  { layer: 'alerting', title: 'Alert delivery (the alarms about the alarms)' },
] as const;
export type Layer = (typeof LAYERS)[number]['layer'];

/**
 * One CloudWatch alarm, as data: the alarms, the dashboard and the README's alarm table are all generated from these,
 * so they cannot drift apart.
 */
export interface AlarmDefinition {
  /** Suffix of the alarm name `<namePrefix>-<name>`, e.g. `db-cpu`. */
  readonly name: string;
  readonly layer: Layer;
  /** What the alarm means, in a few words (the dashboard widget's title). */
  readonly title: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** A statistic (`Average`, `Sum`, `Maximum`, `Minimum`) or a percentile (`p99`). */
  readonly statistic: 'Average' | 'Sum' | 'Maximum' | 'Minimum' | 'p99';
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly comparison:
    'GreaterThanOrEqualToThreshold' | 'GreaterThanThreshold' | 'LessThanThreshold' | 'LessThanOrEqualToThreshold';
  readonly threshold: number;
  /** Chosen per alarm: what no data means for this metric (see `why`). */
  readonly treatMissingData: 'breaching' | 'notBreaching' | 'missing';
  /** Why this threshold and this missing-data choice: goes into the alarm description and the README. */
  readonly why: string;
  /** Critical alarms also stop a failover drill (FIS stop conditions). */
  readonly critical?: boolean;
}

const FIVE_MINUTES = 300;
const ONE_MINUTE = 60;
const MIB = 1024 ** 2;
const GIB = 1024 ** 3;

/**
 * RDS storage autoscaling grows the volume when free space is at most 10 % of the allocated storage for at least 5
 * minutes (and not again until the last modification has settled).
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIOPS.Autoscaling.html
 */
export const AUTOSCALING_FREE_PERCENT = 10;

/**
 * Free space at which RDS stops a MySQL instance to protect it ("storage-full"): 200 MiB below 20,000 MiB of storage,
 * 1024 MiB above 102,400 MiB, 1 % in between.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/MySQL.KnownIssuesAndLimitations.html
 */
export function storageFullBytes(storageGb: number): number {
  const mib = storageGb * 1024;
  if (mib < 20000) return 200 * MIB;
  if (mib > 102400) return 1024 * MIB;
  return (storageGb * GIB) / 100;
}

export interface WatchedDatabase {
  readonly instanceId: string;
  readonly instanceClass: string;
  readonly allocatedStorageGb: number;
  /** Above allocatedStorageGb: storage autoscaling may grow the volume up to this. */
  readonly maxAllocatedStorageGb: number;
}

const gib = (bytes: number) => `${Math.round((bytes / GIB) * 100) / 100} GiB`;

/**
 * The free storage alarm. Without autoscaling: a share of the allocation. With autoscaling the allocation moves and
 * CloudWatch has no per-instance allocated-storage metric to divide by (AWS/RDS publishes FreeStorageSpace only;
 * AWS/Usage AllocatedStorage is the account's total: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html),
 * so no percentage of the current allocation can be computed. A share of the maximum would fire on a small volume
 * autoscaling is about to grow (free 5 GiB of 20 is fine, of 100 is not, and FreeStorageSpace cannot tell them
 * apart). What can be told: free space below the lowest point autoscaling lets it fall to (10 % of the first
 * allocation) means autoscaling is not keeping up or has reached its ceiling. The threshold sits halfway between that
 * and the highest point at which RDS stops MySQL (storage-full at the maximum), so it neither fires on a normal
 * autoscaling step nor only when the database is already stopped. Nearing the ceiling early is RDS-EVENT-0225
 * (allocation at 80 % of the maximum, category notification).
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.Messages.html
 */
function freeStorage(db: WatchedDatabase, t: AlarmThresholds): { threshold: number; title: string; why: string } {
  const fullDisk = 'a full disk stops every write, so no data counts as bad';
  if (db.maxAllocatedStorageGb > db.allocatedStorageGb) {
    const lowestTrigger = (db.allocatedStorageGb * GIB * AUTOSCALING_FREE_PERCENT) / 100;
    const highestStop = storageFullBytes(db.maxAllocatedStorageGb);
    const threshold = Math.round((lowestTrigger + highestStop) / 2);
    return {
      threshold,
      title: `Free storage below ${gib(threshold)}: autoscaling behind or at its ceiling`,
      why:
        `storage autoscaling (${db.allocatedStorageGb} to ${db.maxAllocatedStorageGb} GiB) grows the volume at ` +
        `${AUTOSCALING_FREE_PERCENT} % free (${gib(lowestTrigger)} at the first ${db.allocatedStorageGb} GiB) and RDS ` +
        `stops MySQL at ${gib(highestStop)} free at ${db.maxAllocatedStorageGb} GiB; halfway between, autoscaling is ` +
        `not keeping up or has hit its ceiling (RDS-EVENT-0225 warns at 80 % of the ceiling); ${fullDisk}`,
    };
  }
  const threshold = Math.round((db.allocatedStorageGb * GIB * t.dbFreeStoragePercent) / 100);
  if (threshold <= storageFullBytes(db.allocatedStorageGb)) {
    throw new ConfigError(
      'monitoring.alarms.dbFreeStoragePercent',
      `${t.dbFreeStoragePercent} % of ${db.allocatedStorageGb} GiB is at or below the free space at which RDS stops MySQL (${gib(storageFullBytes(db.allocatedStorageGb))}); the alarm would fire too late.`,
    );
  }
  return {
    threshold,
    title: `Free storage below ${t.dbFreeStoragePercent} %`,
    why: `of the ${db.allocatedStorageGb} GiB allocated (no storage autoscaling); ${fullDisk}`,
  };
}

export function databaseAlarms(db: WatchedDatabase, t: AlarmThresholds): AlarmDefinition[] {
  const common = {
    layer: 'database' as const,
    namespace: 'AWS/RDS',
    dimensions: { DBInstanceIdentifier: db.instanceId },
    periodSeconds: FIVE_MINUTES,
  };
  const memory = instanceClassMemoryBytes(db.instanceClass);
  const connections = maxConnections(db.instanceClass);
  const storage = freeStorage(db, t);
  return [
    {
      ...common,
      name: 'db-cpu',
      title: `CPU above ${t.dbCpuPercent} %`,
      metricName: 'CPUUtilization',
      statistic: 'Average',
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      comparison: 'GreaterThanThreshold',
      threshold: t.dbCpuPercent,
      treatMissingData: 'missing',
      why: '15 minutes of sustained load, not a spike; no data at all (instance stopped or rebooting) is INSUFFICIENT_DATA, neither a page nor an all-clear',
    },
    {
      ...common,
      name: 'db-freeable-memory',
      title: `Freeable memory below ${t.dbFreeableMemoryPercent} %`,
      metricName: 'FreeableMemory',
      statistic: 'Minimum',
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      comparison: 'LessThanThreshold',
      threshold: Math.round((memory * t.dbFreeableMemoryPercent) / 100),
      treatMissingData: 'breaching',
      why: `of the class's ${memory / GIB} GiB; a database that stops reporting memory is not healthy either`,
    },
    {
      ...common,
      name: 'db-free-storage',
      title: storage.title,
      metricName: 'FreeStorageSpace',
      statistic: 'Minimum',
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      comparison: 'LessThanThreshold',
      threshold: storage.threshold,
      treatMissingData: 'breaching',
      why: storage.why,
      critical: true,
    },
    {
      ...common,
      name: 'db-connections',
      title: `Connections above ${t.dbConnectionsPercent} % of max_connections`,
      metricName: 'DatabaseConnections',
      statistic: 'Maximum',
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      comparison: 'GreaterThanThreshold',
      threshold: Math.floor((connections * t.dbConnectionsPercent) / 100),
      treatMissingData: 'missing',
      why: `of the max_connections the parameter group sets for ${db.instanceClass} (${connections}: two thirds of memory/12582880, below AWS's default for the class); no data at all is INSUFFICIENT_DATA`,
    },
  ];
}

/**
 * RDS Proxy publishes its metrics once per underlying node ("A single proxy might be served by more than one EC2
 * instance. Use CloudWatch statistics to aggregate the values for a proxy across all the associated instances"), so
 * each alarm uses the statistic the metric table calls the most useful one, on a dimension set the table lists for
 * that metric. https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.monitoring.html
 *
 * @param targetGroupName the proxy's default target group, which RDS names `default`
 *   (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-modifying-proxy.html)
 */
export function proxyAlarms(proxyName: string, t: AlarmThresholds, targetGroupName = 'default'): AlarmDefinition[] {
  const common = {
    layer: 'proxy' as const,
    namespace: 'AWS/RDS',
    dimensions: { ProxyName: proxyName },
    treatMissingData: 'notBreaching' as const,
  };
  return [
    {
      ...common,
      name: 'proxy-session-pinning',
      title: 'Sessions pinned in every minute for 15 minutes',
      metricName: 'DatabaseConnectionsCurrentlySessionPinned',
      // Sum over the proxy's nodes: the Minimum of two nodes is 0 while only one of them holds a pinned connection.
      statistic: 'Sum',
      periodSeconds: ONE_MINUTE,
      evaluationPeriods: 15,
      datapointsToAlarm: 15,
      comparison: 'GreaterThanThreshold',
      threshold: 0,
      why: 'the app never pins (no session state); pinned connections on any proxy node in each of 15 minutes mean a statement that pins crept in; no data = no pinning',
    },
    {
      ...common,
      name: 'proxy-auth-failures',
      title: `${t.proxyAuthFailures}+ failed client logins in 5 minutes`,
      metricName: 'ClientConnectionsSetupFailedAuth',
      statistic: 'Sum',
      periodSeconds: FIVE_MINUTES,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold: t.proxyAuthFailures,
      why: 'refused passwords or tokens: a rotation gone wrong shows here first; no data = no failed logins',
      critical: true,
    },
    {
      ...common,
      name: 'proxy-borrow-latency',
      title: `Connection borrow above ${t.proxyBorrowLatencyMs} ms`,
      metricName: 'DatabaseConnectionsBorrowLatency',
      statistic: 'Average',
      periodSeconds: ONE_MINUTE,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      comparison: 'GreaterThanThreshold',
      // The metric is in microseconds.
      threshold: t.proxyBorrowLatencyMs * 1000,
      why: 'the pool is exhausted: clients wait for a connection (3 of 5 minutes); no data = no borrowing',
    },
    {
      ...common,
      name: 'proxy-target-availability',
      title: `Proxy target availability below ${t.proxyTargetAvailabilityPercent} % for 5 minutes`,
      metricName: 'AvailabilityPercentage',
      // Published with ProxyName, TargetGroup and TargetRole only (dimension set 4); an RDS instance target has the
      // READ_WRITE role (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DBProxyTarget.html).
      dimensions: { ProxyName: proxyName, TargetGroup: targetGroupName, TargetRole: 'READ_WRITE' },
      statistic: 'Average',
      periodSeconds: ONE_MINUTE,
      // A Multi-AZ failover typically takes 60-120 s
      // (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.Failover.html), so it touches at most
      // 3 one-minute periods: a drill does not trip 5 of 5, and the alarm can be a stop condition.
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      comparison: 'LessThanThreshold',
      threshold: t.proxyTargetAvailabilityPercent,
      // Some proxy metrics only appear after the proxy's first successful connection: no data is not an outage.
      treatMissingData: 'missing',
      why: "the proxy's health checks of the database fail (averaged over its nodes) for 5 minutes, longer than a Multi-AZ failover (60-120 s), so a drill does not trip it; no data at all (before the proxy's first connection) is INSUFFICIENT_DATA, which neither pages nor stops a drill",
      critical: true,
    },
    {
      ...common,
      name: 'proxy-db-connection-failures',
      title: `${t.proxyDbConnectionFailures}+ failed proxy logins to the database in 5 minutes`,
      metricName: 'DatabaseConnectionsSetupFailed',
      statistic: 'Sum',
      periodSeconds: FIVE_MINUTES,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold: t.proxyDbConnectionFailures,
      why: "the proxy cannot open connections to the database: its own login (the secret it reads) rotated wrong, or the database refuses it; not critical, because a forced failover fails the proxy's connection attempts while the instance is down, so a drill would stop itself; no data = no failed attempts",
    },
  ];
}

export interface WatchedFunction {
  readonly functionName: string;
  /** Short name in alarm names, e.g. `api`, `rotation`. */
  readonly shortName: string;
  readonly layer: Layer;
  readonly timeoutSeconds: number;
  readonly reservedConcurrency?: number;
}

export function functionAlarms(fn: WatchedFunction, t: AlarmThresholds): AlarmDefinition[] {
  const common = {
    layer: fn.layer,
    namespace: 'AWS/Lambda',
    dimensions: { FunctionName: fn.functionName },
    periodSeconds: FIVE_MINUTES,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: 'notBreaching' as const,
  };
  const alarms: AlarmDefinition[] = [
    {
      ...common,
      name: `${fn.shortName}-errors`,
      title: `${fn.shortName}: ${t.lambdaErrors}+ errors in 5 minutes`,
      metricName: 'Errors',
      statistic: 'Sum',
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold: t.lambdaErrors,
      why: 'invocations that threw or timed out; no data = no invocations',
    },
    {
      ...common,
      name: `${fn.shortName}-throttles`,
      title: `${fn.shortName}: throttled`,
      metricName: 'Throttles',
      statistic: 'Sum',
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold: 1,
      why: 'any throttle: reserved concurrency is used up and callers are refused; no data = no invocations',
      critical: fn.layer === 'lambda',
    },
    {
      ...common,
      name: `${fn.shortName}-duration`,
      title: `${fn.shortName}: p99 above ${t.lambdaDurationPercentOfTimeout} % of the timeout`,
      metricName: 'Duration',
      statistic: 'p99',
      comparison: 'GreaterThanThreshold',
      threshold: Math.round((fn.timeoutSeconds * 1000 * t.lambdaDurationPercentOfTimeout) / 100),
      why: `of its ${fn.timeoutSeconds} s timeout: the slowest calls are about to time out; no data = no invocations`,
    },
  ];
  // A function limited to one instance on purpose (bootstrap) runs at its limit each time: Throttles covers it.
  if (fn.reservedConcurrency !== undefined && fn.reservedConcurrency > 1) {
    const threshold = Math.ceil((fn.reservedConcurrency * t.lambdaConcurrencyPercentOfReserved) / 100);
    alarms.push({
      ...common,
      name: `${fn.shortName}-concurrency`,
      title: `${fn.shortName}: ${threshold}+ of ${fn.reservedConcurrency} reserved instances busy`,
      metricName: 'ConcurrentExecutions',
      statistic: 'Maximum',
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold,
      why: `${t.lambdaConcurrencyPercentOfReserved} % of its reserved concurrency: throttling is next; no data = idle`,
    });
  }
  return alarms;
}

export function apiAlarms(api: { readonly apiId: string; readonly stage: string }, t: AlarmThresholds) {
  const common = {
    layer: 'api' as const,
    namespace: 'AWS/ApiGateway',
    dimensions: { ApiId: api.apiId, Stage: api.stage },
    periodSeconds: FIVE_MINUTES,
    treatMissingData: 'notBreaching' as const,
  };
  const alarms: AlarmDefinition[] = [
    {
      ...common,
      name: 'api-5xx',
      title: `${t.api5xx}+ 5xx answers in 5 minutes`,
      metricName: '5xx',
      statistic: 'Sum',
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      comparison: 'GreaterThanOrEqualToThreshold',
      threshold: t.api5xx,
      why: 'callers see errors (a failover shows a few 503s, below this); no data = no requests',
    },
    {
      ...common,
      name: 'api-latency',
      title: `p99 latency above ${t.apiLatencyP99Ms} ms`,
      metricName: 'Latency',
      statistic: 'p99',
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      comparison: 'GreaterThanThreshold',
      threshold: t.apiLatencyP99Ms,
      why: '2 of 3 periods, so one slow cold start does not page; no data = no requests',
    },
  ];
  return alarms;
}

/** The API function's own EMF metrics (Powertools, namespace RdsPlatform, dimension `service`). */
export function appMetricAlarms(serviceName: string, t: AlarmThresholds): AlarmDefinition[] {
  const common = {
    layer: 'lambda' as const,
    namespace: 'RdsPlatform',
    dimensions: { service: serviceName },
    statistic: 'Sum' as const,
    periodSeconds: FIVE_MINUTES,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    comparison: 'GreaterThanOrEqualToThreshold' as const,
    treatMissingData: 'notBreaching' as const,
  };
  return [
    {
      ...common,
      name: 'api-credential-refreshes',
      title: `${t.credentialRefreshesForced}+ forced credential refreshes`,
      metricName: 'CredentialRefreshesForced',
      threshold: t.credentialRefreshesForced,
      why: 'the database refuses the cached password: requests are not surviving a rotation; no data = none',
    },
    {
      ...common,
      name: 'api-db-retries',
      title: `${t.dbRetries}+ statements retried`,
      metricName: 'DbRetries',
      threshold: t.dbRetries,
      why: 'connections lost under statements (failovers, proxy restarts) more often than a failover explains; no data = none',
    },
  ];
}

const COMPARISON_SIGNS: Record<AlarmDefinition['comparison'], string> = {
  GreaterThanOrEqualToThreshold: '>=',
  GreaterThanThreshold: '>',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '<=',
};

/** The alarms as a Markdown table (for the README): what fires when, and why. */
export function alarmTable(definitions: readonly AlarmDefinition[]): string {
  return markdownTable(
    ['alarm', 'metric', 'fires when', 'missing data', 'why'],
    definitions.map((d) => [
      `\`${d.name}\``,
      `${d.namespace} ${d.metricName}`,
      `${d.statistic} ${COMPARISON_SIGNS[d.comparison]} ${d.threshold} in ${d.datapointsToAlarm} of ${d.evaluationPeriods} × ${d.periodSeconds / 60} min`,
      d.treatMissingData,
      d.critical ? `${d.why} (critical: stops a drill)` : d.why,
    ]),
  );
}
