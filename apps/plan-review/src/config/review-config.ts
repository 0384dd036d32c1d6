import type { ReviewModel } from '../model/types';

/**
 * The review's reviewed settings: in this repository `apps/plan-review/review-config.json`, read by the CLI
 * (repository/repository-config.ts) and passed to the engine; a reviewed file, not part of the stack, so a change under review
 * cannot widen what the review accepts without that file changing too. The engine itself holds none of them: without
 * a config it trusts no other account, allows no outside reference and checks no configured bound.
 *
 * `accounts`: the AWS accounts other than the stack's own that a resource-based policy may name as principals
 * without an `sts:ExternalId`, each with why it is trusted. The stack's own accounts come from the stack itself
 * (`ReviewModel.accountIds`, its providers' `allowed_account_ids`), so they need no listing here.
 */
export interface ReviewConfig {
  readonly accounts: Readonly<Record<string, string>>;
  /**
   * `references`: values from outside the stack that its configuration may name (rule references-closed-world), each
   * with why: an exact value or a pattern with `*` (an ARN, a host, an e-mail address, an endpoint service).
   */
  readonly references?: Readonly<Record<string, string>>;
  /** The bands the stack's own typed config allows, which the guard rules hold every change to. */
  readonly bounds?: ReviewBounds;
}

export interface ReviewBounds {
  /** The shortest log retention per environment (`default` for any other), in days. */
  readonly minimumLogRetentionDays?: Readonly<Record<string, number>>;
  /** The highest threshold a count alarm (errors, throttles, failures per period) may have. */
  readonly maximumCountAlarmThreshold?: number;
  /** The longest an alarm may need its datapoints in breach before it can fire, in seconds. */
  readonly maximumAlarmWindowSeconds?: number;
  /**
   * The `$context` variables every API access log line must hold (rule api-access-log-fields): what an investigation
   * of a request needs, as the team decided it (request id, caller, route, status, time).
   */
  readonly requiredAccessLogFields?: readonly string[];
}

/** The engine's config when a caller gives none: nothing trusted, nothing allowed, no bound. */
export const EMPTY_REVIEW_CONFIG: ReviewConfig = { accounts: {} };

/** The stack's own account, or one listed in the reviewed config. */
export function isTrustedAccount(
  account: string,
  model: Pick<ReviewModel, 'accountIds'>,
  config: ReviewConfig,
): boolean {
  return model.accountIds.includes(account) || Object.hasOwn(config.accounts, account);
}

/**
 * The configured minimum log retention for an environment, or undefined when none is configured: its own entry, else
 * (for any environment the review treats as production, `production`, `prod-eu` …) the `prod` entry, else `default`.
 * A name outside the list never gets less than the production bound by looking like production.
 */
export function minimumLogRetentionDays(config: ReviewConfig, environment: string | undefined): number | undefined {
  const byEnvironment = config.bounds?.minimumLogRetentionDays;
  if (!byEnvironment) return undefined;
  if (environment !== undefined && Object.hasOwn(byEnvironment, environment)) return byEnvironment[environment];
  if (isProductionName(environment) && Object.hasOwn(byEnvironment, 'prod')) return byEnvironment['prod'];
  return byEnvironment['default'];
}

/** How the review tells production (model/lookup.ts isProduction): a name starting with "prod". */
export function isProductionName(environment: string | undefined): boolean {
  return /^prod/i.test(environment ?? '');
}
