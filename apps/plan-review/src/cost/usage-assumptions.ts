/**
 * What the plan cannot say: how much the stack is used. Every usage-based line of the estimate reads one of these,
 * and the report prints them beside the total, so a reviewer can see what the number assumes and scale it.
 */
export interface UsageAssumptions {
  /** Requests the API receives a month; each invokes the function behind the API once. */
  readonly apiRequestsPerMonth: number;
  /** Average billed duration of one invocation (every function). */
  readonly averageFunctionDurationMs: number;
  /** Invocations a month of a function no API calls (secret rotation, bootstrap): rare, scheduled or per deploy. */
  readonly otherFunctionInvocationsPerMonth: number;
  /** Log data ingested a month by each log group. */
  readonly logIngestionGbPerGroup: number;
  /** Data processed a month by each interface endpoint (Secrets Manager calls are small). */
  readonly endpointDataGbPerMonth: number;
}

/** A small service's month: about 0.4 requests a second on average. */
export const DEFAULT_USAGE: UsageAssumptions = {
  apiRequestsPerMonth: 1_000_000,
  averageFunctionDurationMs: 100,
  otherFunctionInvocationsPerMonth: 100,
  logIngestionGbPerGroup: 0.5,
  endpointDataGbPerMonth: 1,
};

/** How the report names each assumption. */
export const USAGE_LABELS: Readonly<Record<keyof UsageAssumptions, string>> = {
  apiRequestsPerMonth: 'API requests a month',
  averageFunctionDurationMs: 'average function duration (ms)',
  otherFunctionInvocationsPerMonth: 'invocations a month of each function no API calls',
  logIngestionGbPerGroup: 'GB of logs ingested a month per log group',
  endpointDataGbPerMonth: 'GB processed a month per interface endpoint',
};
