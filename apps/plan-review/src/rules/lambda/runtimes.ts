import { isExpression } from '../../model/values';

/**
 * Every managed runtime the review knows, with its deprecation date (the day AWS stops patching it), from the AWS
 * Lambda runtimes page (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html, "Supported runtimes" and
 * "Deprecated runtimes"). A runtime not listed fails: add it here with its date from that page. nodejs24.x's date is
 * Node.js 24's end of life (AWS deprecates a Node.js runtime then); the others are as the page lists them.
 */
export const RUNTIME_DEPRECATIONS: Record<string, string> = {
  'nodejs24.x': '2028-04-30',
  'nodejs22.x': '2027-04-30',
  'nodejs20.x': '2026-04-30',
  'nodejs18.x': '2025-09-01',
  'nodejs16.x': '2024-06-12',
  'nodejs14.x': '2023-12-04',
  'nodejs12.x': '2023-03-31',
  'python3.13': '2029-06-30',
  'python3.12': '2028-10-31',
  'python3.11': '2027-06-30',
  'python3.10': '2026-06-30',
  'python3.9': '2025-12-15',
  'python3.8': '2024-10-14',
  'python3.7': '2023-12-04',
  java21: '2029-06-30',
  java17: '2026-06-30',
  java11: '2026-06-30',
  'java8.al2': '2026-06-30',
  java8: '2024-01-08',
  dotnet8: '2026-11-10',
  dotnet7: '2024-05-14',
  dotnet6: '2024-12-20',
  'ruby3.4': '2028-03-31',
  'ruby3.3': '2027-03-31',
  'ruby3.2': '2026-03-31',
  'ruby2.7': '2023-12-07',
  'provided.al2023': '2029-06-30',
  'provided.al2': '2026-06-30',
  provided: '2024-01-08',
  'go1.x': '2024-01-08',
};

/** Why a function's runtime is not supported on `today`, or undefined when it is (or it is a container image). */
export function runtimeProblem(runtime: unknown, packageType: unknown, today = new Date()): string | undefined {
  if (runtime === undefined || runtime === null || runtime === '') {
    return packageType === 'Image' ? undefined : 'has no runtime';
  }
  if (typeof runtime !== 'string' || isExpression(runtime))
    return `has a runtime the review cannot read (${String(runtime)})`;
  const deprecated = RUNTIME_DEPRECATIONS[runtime];
  if (!deprecated) {
    return `uses ${runtime}, an unknown runtime: add it to RUNTIME_DEPRECATIONS in apps/plan-review/src/rules/lambda/runtimes.ts with its deprecation date`;
  }
  return new Date(deprecated) <= today ? `uses ${runtime}, deprecated since ${deprecated}` : undefined;
}
