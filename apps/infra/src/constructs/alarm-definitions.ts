import { ConfigError } from '../config/config-error';
import type { AlarmThresholds } from '../config/environment-config';
import { markdownTable } from '@rds-platform/markdown-table';

/** Dashboard rows, top to bottom: a request goes through them in this order. */
export const LAYERS = [
  { layer: 'api', title: 'API Gateway (HTTP API)' },
  { layer: 'lambda', title: 'API Lambda' },
  { layer: 'proxy', title: 'RDS Proxy' },
  { layer: 'database', title: 'RDS MySQL' },
  { layer: 'rotation', title: 'Credential rotation and bootstrap' },
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
const GIB = 1024 ** 3;

/** Memory of the RDS instance classes this project may use, in GiB (RDS instance class docs). */
const T_CLASS_MEMORY_GIB: Readonly<Record<string, number>> = {
  micro: 1,
  small: 2,
  medium: 4,
  large: 8,
  xlarge: 16,
  '2xlarge': 32,
};
/** m classes have 4 GiB per vCPU, r classes 8; a `large` has 2 vCPUs. */
const GIB_PER_LARGE: Readonly<Record<string, number>> = { m: 8, r: 16 };
const SIZE_FACTOR: Readonly<Record<string, number>> = {
  large: 1,
  xlarge: 2,
  '2xlarge': 4,
  '4xlarge': 8,
  '8xlarge': 16,
  '12xlarge': 24,
  '16xlarge': 32,
};

/** The memory of an instance class in bytes, e.g. db.t4g.micro -> 1 GiB, db.r6g.large -> 16 GiB. */
export function instanceClassMemoryBytes(instanceClass: string): number {
  const match = /^db\.([a-z])(\d+)[a-z]*\.([a-z0-9]+)$/.exec(instanceClass);
  const family = match?.[1];
  const size = match?.[3] ?? '';
  const gib =
    family === 't'
      ? T_CLASS_MEMORY_GIB[size]
      : family && GIB_PER_LARGE[family] && SIZE_FACTOR[size]
        ? GIB_PER_LARGE[family] * SIZE_FACTOR[size]
        : undefined;
  if (gib === undefined) {
    throw new ConfigError(
      'database.instanceClass',
      `${instanceClass} has no known memory size (t, m and r classes are known); add it to alarm-definitions.ts.`,
    );
  }
  return gib * GIB;
}

/**
 * RDS for MySQL's default max_connections, `{DBInstanceClassMemory/12582880}`. DBInstanceClassMemory is the class's
 * memory less what RDS keeps for itself, so the real limit is a little lower and the alarm fires a little later.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.MaxConnections
 */
export function defaultMaxConnections(instanceClass: string): number {
  return Math.floor(instanceClassMemoryBytes(instanceClass) / 12582880);
}

export interface WatchedDatabase {
  readonly instanceId: string;
  readonly instanceClass: string;
  readonly allocatedStorageGb: number;
}

export function databaseAlarms(db: WatchedDatabase, t: AlarmThresholds): AlarmDefinition[] {
  const common = {
    layer: 'database' as const,
    namespace: 'AWS/RDS',
    dimensions: { DBInstanceIdentifier: db.instanceId },
    periodSeconds: FIVE_MINUTES,
  };
  const memory = instanceClassMemoryBytes(db.instanceClass);
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
      why: '15 minutes of sustained load, not a spike; no data (instance stopped or rebooting) keeps the last state',
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
      title: `Free storage below ${t.dbFreeStoragePercent} %`,
      metricName: 'FreeStorageSpace',
      statistic: 'Minimum',
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      comparison: 'LessThanThreshold',
      threshold: Math.round((db.allocatedStorageGb * GIB * t.dbFreeStoragePercent) / 100),
      treatMissingData: 'breaching',
      why: `of the ${db.allocatedStorageGb} GiB allocated; a full disk stops every write, so no data counts as bad`,
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
      threshold: Math.floor((defaultMaxConnections(db.instanceClass) * t.dbConnectionsPercent) / 100),
      treatMissingData: 'missing',
      why: `of ${db.instanceClass}'s default max_connections (${defaultMaxConnections(db.instanceClass)}); no data keeps the last state`,
    },
  ];
}

export function proxyAlarms(proxyName: string, t: AlarmThresholds): AlarmDefinition[] {
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
      title: 'Sessions pinned for 15 minutes',
      metricName: 'DatabaseConnectionsCurrentlySessionPinned',
      statistic: 'Minimum',
      periodSeconds: FIVE_MINUTES,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      comparison: 'GreaterThanThreshold',
      threshold: 0,
      why: 'the app never pins (no session state); a pinned connection for 15 minutes means a statement that pins crept in; no data = no pinning',
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
